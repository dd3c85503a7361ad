import { beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart-lines";
import { placeOrder } from "@/lib/orders/place-order";
import { runStep } from "@/lib/steps/run-step";
import { getListingAvailability } from "@/lib/stock/listing-availability";
import { listHoldsForListing } from "@/lib/stock/listing-holds";
import { expireHolds } from "@/test/support/age";
import { createCustomers, createShop } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
});

describe("live availability and the owner's view of holds", () => {
  it("counts other carts, the viewer's own hold and pending orders; expired holds are free at once (I3)", async () => {
    const shop = await createShop(t.prisma, "Availability Goods");
    const listingId = await shop.listing(6);
    const [ann, ben, cy, dee] = await createCustomers(t.prisma, 4, "avail");
    await runStep(t.prisma, addToCart, { userId: ann!, listingId, quantity: 2, ttlMs: HOUR });
    await runStep(t.prisma, addToCart, { userId: ben!, listingId, quantity: 1, ttlMs: HOUR });
    await runStep(t.prisma, addToCart, { userId: cy!, listingId, quantity: 1, ttlMs: HOUR });
    await runStep(t.prisma, addToCart, { userId: dee!, listingId, quantity: 1, ttlMs: HOUR });
    const placed = await runStep(t.prisma, placeOrder, {
      userId: dee!,
      idempotencyKey: crypto.randomUUID(),
      continueWithoutSoldOut: false,
      cartTtlMs: HOUR,
      paymentTtlMs: 24 * HOUR,
    });
    expect(placed.ok).toBe(true);
    expect(await expireHolds(t.prisma, { userId: cy! })).toBe(1);

    // Cy's hold has lapsed but nothing tidied it: it already counts as available.
    const forBen = await getListingAvailability(t.prisma, listingId, ben!);
    expect(forBen).toMatchObject({ onHand: 6, available: 2, inOtherCarts: 2, inPendingOrders: 1, active: true });
    expect(forBen?.yours).toMatchObject({ quantity: 1 });
    expect(Date.parse(forBen!.yours!.expiresAt) - Date.parse(forBen!.now)).toBeGreaterThan(HOUR - 60_000);

    const anonymous = await getListingAvailability(t.prisma, listingId, null);
    expect(anonymous).toMatchObject({ available: 2, inOtherCarts: 3, yours: null });
    expect(await getListingAvailability(t.prisma, crypto.randomUUID(), null)).toBeNull();

    // The owner sees every ACTIVE hold with its expiry, customers masked to an initial.
    const holds = await listHoldsForListing(t.prisma, shop.shopId, listingId);
    // Totals leave the lapsed hold out; the counter keeps it until the sweep.
    expect(holds).toMatchObject({ onHand: 6, reserved: 5, inCarts: 3, inPendingOrders: 1, available: 2 });
    expect(holds!.holds.map((hold) => [hold.kind, hold.quantity, hold.lapsed, hold.customer]).sort()).toEqual([
      ["cart", 1, false, "A."],
      ["cart", 1, true, "A."],
      ["cart", 2, false, "A."],
      ["order", 1, false, "A."],
    ]);
    // Another shop cannot look at this listing's holds.
    const other = await createShop(t.prisma, "Nosy Goods");
    expect(await listHoldsForListing(t.prisma, other.shopId, listingId)).toBeNull();
  });
});
