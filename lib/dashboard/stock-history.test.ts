// The owner's stock chart and figures are read from the ledger and the listing_stock view; after
// receives, holds, a sale, an unpaid order and an expiry, the chart's last point must be exactly
// where the listing's counters stand, and the figures must add up to what is on hand.
import { beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart-lines";
import { getListingFigures } from "@/lib/dashboard/listing-figures";
import { getStockHistory } from "@/lib/dashboard/stock-history";
import { markOrderPaid } from "@/lib/orders/mark-paid";
import { placeOrder } from "@/lib/orders/place-order";
import { inTransaction, runStep } from "@/lib/steps/run-step";
import { expireHoldsOnListing } from "@/lib/stock/expire-holds";
import { receiveStock } from "@/lib/stock/movements";
import { expireHolds } from "@/test/support/age";
import { createCustomers, createShop, listingLevels } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
});

const order = (userId: string) =>
  runStep(t.prisma, placeOrder, {
    userId,
    idempotencyKey: crypto.randomUUID(),
    continueWithoutSoldOut: false,
    cartTtlMs: HOUR,
    paymentTtlMs: 24 * HOUR,
  });

describe("stock history from the ledger (I2, read side)", () => {
  it("ends at the listing's on hand, reserved and sold after receives, holds, a sale and an expiry", async () => {
    const shop = await createShop(t.prisma, "History Goods");
    const listingId = await shop.listing(10);
    expect(await receiveStock(t.prisma, { listingId, quantity: 5, reason: "second delivery" })).toMatchObject({ ok: true });
    const [ann, ben, cy, dee] = await createCustomers(t.prisma, 4, "history");

    // Ann buys 2, Ben's 3 lapse and are swept, Cy keeps 1 in her cart, Dee leaves 4 in an unpaid order.
    for (const [userId, quantity] of [
      [ann!, 2],
      [ben!, 3],
      [cy!, 1],
      [dee!, 4],
    ] as const) {
      expect(await runStep(t.prisma, addToCart, { userId, listingId, quantity, ttlMs: HOUR })).toMatchObject({ ok: true });
    }
    const annOrder = await order(ann!);
    if (!annOrder.ok) throw new Error(`ann's order: ${annOrder.reason}`);
    expect(await inTransaction(t.prisma, (tx) => markOrderPaid(tx, annOrder.orderId))).toMatchObject({ ok: true, unitsSold: 2 });
    expect(await order(dee!)).toMatchObject({ ok: true });
    expect(await expireHolds(t.prisma, { userId: ben! })).toBe(1);
    expect(await expireHoldsOnListing(t.prisma, listingId)).toEqual({ holds: 1, units: 3 });

    const levels = await listingLevels(t.prisma, listingId);
    expect(levels).toEqual({ onHand: 13, reserved: 5 });
    const history = await getStockHistory(t.prisma, shop.shopId, listingId);
    expect(history.points.at(-1)).toMatchObject({ onHand: levels.onHand, held: levels.reserved, sold: 2 });
    expect(history.points[0]).toMatchObject({ onHand: 10, held: 0, sold: 0 });
    // While the ledger is short every movement is a point, and no point is out of bounds (I1).
    const movements = await t.prisma.inventoryMovement.count({ where: { listingId } });
    expect(history.points).toHaveLength(movements);
    for (const point of history.points) {
      expect(point.held).toBeGreaterThanOrEqual(0);
      expect(point.held).toBeLessThanOrEqual(point.onHand);
    }
    expect(history.points.map((point) => Date.parse(point.at))).toEqual(
      history.points.map((point) => Date.parse(point.at)).sort((a, b) => a - b),
    );
    expect(Date.parse(history.asOf)).toBeGreaterThanOrEqual(Date.parse(history.points.at(-1)!.at));

    // Thinned to a few points, it still starts at the first movement and ends at the counters.
    const thin = await getStockHistory(t.prisma, shop.shopId, listingId, { maxPoints: 2 });
    expect(thin.points.length).toBeLessThanOrEqual(3);
    expect(thin.points[0]).toMatchObject({ onHand: 10, held: 0, sold: 0 });
    expect(thin.points.at(-1)).toEqual(history.points.at(-1));

    // The figures count distinct units that add up to what is on hand.
    const figures = await getListingFigures(t.prisma, shop.shopId, listingId);
    expect(figures).toEqual({
      active: true,
      onHand: 13,
      available: 8,
      inCarts: 1,
      awaitingPayment: 4,
      lapsed: 0,
      held: 5,
      reserved: 5,
      sold: 2,
    });
    expect(figures!.available + figures!.inCarts + figures!.awaitingPayment).toBe(figures!.onHand);
  });

  it("shows nothing of another shop's listing", async () => {
    const mine = await createShop(t.prisma, "Mine");
    const theirs = await createShop(t.prisma, "Theirs");
    const listingId = await theirs.listing(3);
    expect((await getStockHistory(t.prisma, mine.shopId, listingId)).points).toEqual([]);
    expect(await getListingFigures(t.prisma, mine.shopId, listingId)).toBeNull();
    expect((await getStockHistory(t.prisma, theirs.shopId, listingId)).points).toHaveLength(1);
  });

  it("counts a lapsed hold as free in the figures but held in the chart until it is tidied", async () => {
    const shop = await createShop(t.prisma, "Lapse Goods");
    const listingId = await shop.listing(4);
    const [eve] = await createCustomers(t.prisma, 1, "lapse");
    expect(await runStep(t.prisma, addToCart, { userId: eve!, listingId, quantity: 3, ttlMs: HOUR })).toMatchObject({ ok: true });
    await expireHolds(t.prisma, { userId: eve! });
    expect(await getListingFigures(t.prisma, shop.shopId, listingId)).toMatchObject({
      onHand: 4,
      available: 4,
      inCarts: 0,
      lapsed: 3,
      reserved: 3,
    });
    expect((await getStockHistory(t.prisma, shop.shopId, listingId)).points.at(-1)).toMatchObject({ onHand: 4, held: 3, sold: 0 });
  });
});
