// Guards no other test exercised: each test here fails if its guard is removed.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart-lines";
import { markOrderPaid } from "@/lib/orders/mark-paid";
import { placeOrder } from "@/lib/orders/place-order";
import { runStep } from "@/lib/steps/run-step";
import { expireHolds } from "@/test/support/age";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Guard Goods");
});

const order = (userId: string, idempotencyKey = randomUUID()) => ({
  userId,
  idempotencyKey,
  continueWithoutSoldOut: false,
  cartTtlMs: HOUR,
  paymentTtlMs: 24 * HOUR,
});

describe("guards", () => {
  it("payment fencing: an order whose holds were lost and resold is refused payment, and sells nothing", async () => {
    const clock = await shop.listing(1, { priceCents: 8_000, title: "Clock" });
    const [kim, lou] = await createCustomers(t.prisma, 2, "fencing");
    await runStep(t.prisma, addToCart, { userId: kim!, listingId: clock, quantity: 1, ttlMs: HOUR });
    const placed = await runStep(t.prisma, placeOrder, order(kim!));
    if (!placed.ok) throw new Error(placed.reason);
    // The order's hold lapses (no sweep), and Lou buys the unit meanwhile.
    await expireHolds(t.prisma, { orderId: placed.orderId });
    expect(await runStep(t.prisma, addToCart, { userId: lou!, listingId: clock, quantity: 1, ttlMs: HOUR })).toMatchObject({
      ok: true,
      line: { status: "reserved" },
    });

    expect(await t.prisma.$transaction((tx) => markOrderPaid(tx, placed.orderId))).toEqual({ ok: false, reason: "holds-lost" });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })).toMatchObject({ status: "PENDING_PAYMENT" });
    expect(await t.prisma.inventoryMovement.count({ where: { listingId: clock, kind: "SALE" } })).toBe(0);
    expect(await listingLevels(t.prisma, clock)).toEqual({ onHand: 1, reserved: 1 });
    await expectAuditClean(t.prisma);
  });

  it("payment fencing: a hold past its expiry covers nothing even before anyone took the unit", async () => {
    const bell = await shop.listing(1, { priceCents: 3_000, title: "Bell" });
    const [max] = await createCustomers(t.prisma, 1, "fencing-lapsed");
    await runStep(t.prisma, addToCart, { userId: max!, listingId: bell, quantity: 1, ttlMs: HOUR });
    const placed = await runStep(t.prisma, placeOrder, order(max!));
    if (!placed.ok) throw new Error(placed.reason);
    await expireHolds(t.prisma, { orderId: placed.orderId });
    expect(await t.prisma.$transaction((tx) => markOrderPaid(tx, placed.orderId))).toEqual({ ok: false, reason: "holds-lost" });
  });

  it("two tabs checking out one cart at once: one order, the other refused cleanly as an empty cart", async () => {
    const kettle = await shop.listing(4, { priceCents: 5_000, title: "Two-tab kettle" });
    const [nia] = await createCustomers(t.prisma, 1, "two-tabs");
    await runStep(t.prisma, addToCart, { userId: nia!, listingId: kettle, quantity: 2, ttlMs: HOUR });
    const [tabA, tabB] = [t.newClient(2), t.newClient(2)];
    const results = await Promise.all([runStep(tabA, placeOrder, order(nia!)), runStep(tabB, placeOrder, order(nia!))]);

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "empty-cart" }]);
    expect(await t.prisma.order.count({ where: { userId: nia! } })).toBe(1);
    const placed = await t.prisma.order.findFirstOrThrow({ where: { userId: nia! }, include: { items: true, holds: true } });
    expect(placed.items.map((item) => item.quantity)).toEqual([2]);
    expect(placed.holds.map((hold) => [hold.status, hold.quantity])).toEqual([["ACTIVE", 2]]);
    expect(await listingLevels(t.prisma, kettle)).toEqual({ onHand: 4, reserved: 2 });
    await expectAuditClean(t.prisma);
  });
});
