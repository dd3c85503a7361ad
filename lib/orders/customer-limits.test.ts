import { beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart-lines";
import { cancelOrderByCustomer } from "@/lib/orders/cancel";
import { placeOrder, type CustomerLimits, type PlaceOrderInput } from "@/lib/orders/place-order";
import { runStep } from "@/lib/steps/run-step";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkout, checkoutHarness } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Limit Goods");
});

const LIMITS: CustomerLimits = { unitsPerListing: 5, unpaidOrders: 3 };

function order(userId: string, limits: CustomerLimits | null = LIMITS): PlaceOrderInput {
  return {
    userId,
    idempotencyKey: crypto.randomUUID(),
    continueWithoutSoldOut: false,
    cartTtlMs: HOUR,
    paymentTtlMs: 24 * HOUR,
    customerLimits: limits,
  };
}

const add = (userId: string, listingId: string, quantity: number) =>
  runStep(t.prisma, addToCart, { userId, listingId, quantity, ttlMs: HOUR });

describe("one account cannot keep a scarce listing from everyone by never paying", () => {
  it("10 of 10 units: an order for all 10 is refused, 5 go through, and another customer can still buy the rest", async () => {
    const scarce = await shop.listing(10, { title: "Scarce Lamp" });
    const [hoarder, other] = await createCustomers(t.prisma, 2, "hoarder");
    await add(hoarder!, scarce, 10);
    const refused = await runStep(t.prisma, placeOrder, order(hoarder!));
    expect(refused).toEqual({
      ok: false,
      reason: "over-customer-limit",
      limit: 5,
      lines: [{ listingId: scarce, productTitle: "Scarce Lamp", wanted: 10, awaitingPayment: 0 }],
    });
    // Nothing was ordered: the refusal rolled the order back.
    expect(await t.prisma.order.count({ where: { userId: hoarder! } })).toBe(0);

    const cart = await t.prisma.cartItem.findFirstOrThrow({ where: { cart: { userId: hoarder! } } });
    await t.prisma.cartItem.update({ where: { id: cart.id }, data: { quantity: 5 } });
    expect(await runStep(t.prisma, placeOrder, order(hoarder!))).toMatchObject({ ok: true });
    // One more unit of the same listing would make 6 awaiting payment.
    await add(hoarder!, scarce, 1);
    expect(await runStep(t.prisma, placeOrder, order(hoarder!))).toMatchObject({
      ok: false,
      reason: "over-customer-limit",
      lines: [{ wanted: 1, awaitingPayment: 5 }],
    });
    // Someone else still gets the other units.
    await add(other!, scarce, 4);
    expect(await runStep(t.prisma, placeOrder, order(other!))).toMatchObject({ ok: true });
    expect(await listingLevels(t.prisma, scarce)).toMatchObject({ onHand: 10 });
    await expectAuditClean(t.prisma);
  });

  it("at most N orders awaiting payment per account; cancelling one makes room", async () => {
    const [buyer] = await createCustomers(t.prisma, 1, "serial");
    const listings = await Promise.all(Array.from({ length: 5 }, (_, i) => shop.listing(3, { title: `Serial ${i}` })));
    const placed: string[] = [];
    for (const listing of listings.slice(0, 3)) {
      await add(buyer!, listing, 1);
      const result = await runStep(t.prisma, placeOrder, order(buyer!));
      expect(result).toMatchObject({ ok: true });
      if (result.ok) placed.push(result.orderId);
    }
    await add(buyer!, listings[3]!, 1);
    expect(await runStep(t.prisma, placeOrder, order(buyer!))).toEqual({ ok: false, reason: "too-many-unpaid", limit: 3, unpaid: 3 });
    expect(await runStep(t.prisma, cancelOrderByCustomer, { userId: buyer!, orderId: placed[0]! })).toMatchObject({ ok: true });
    expect(await runStep(t.prisma, placeOrder, order(buyer!))).toMatchObject({ ok: true });
    // Without limits (scripts, older callers) nothing changes.
    await add(buyer!, listings[4]!, 1);
    expect(await runStep(t.prisma, placeOrder, order(buyer!, null))).toMatchObject({ ok: true });
    await expectAuditClean(t.prisma);
  });

  it("two tabs checking out at once cannot both slip under the limit", async () => {
    const [buyer] = await createCustomers(t.prisma, 1, "tabs");
    const listing = await shop.listing(10, { title: "Tab Kettle" });
    await add(buyer!, listing, 5);
    const racers = [t.newClient(2), t.newClient(2)];
    const results = await Promise.all(racers.map((db) => runStep(db, placeOrder, order(buyer!))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.reason))).toEqual(["empty-cart"]);
  });

  it("the checkout saga passes the limits through and refuses before any payment", async () => {
    const { options, simulator } = checkoutHarness();
    const [buyer] = await createCustomers(t.prisma, 1, "saga");
    const listing = await shop.listing(10, { title: "Saga Chair" });
    await add(buyer!, listing, 6);
    const base = await checkout(t.prisma, buyer!, CARDS.visa, options);
    // The fixture's checkout has no limits; the same cart with limits is refused.
    expect(base).toMatchObject({ ok: true });
    await add(buyer!, listing, 6);
    const limited = await checkout(t.prisma, buyer!, CARDS.visa, options, { contactEmail: "saga@example.test", customerLimits: LIMITS });
    expect(limited).toMatchObject({ ok: false, reason: "over-customer-limit" });
    expect(simulator.paymentIntents({}).length).toBe(1);
    await expectAuditClean(t.prisma);
  });
});
