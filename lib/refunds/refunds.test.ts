// Refunds of paid orders (I13), on a real database with the real Stripe SDK over the simulator:
// whole and partial, back on sale or written off, two presses at once, a refund made in the
// provider's dashboard reconciled from its charge.refunded event, a lost answer finished by
// the sweep, and never more than was captured.
import { beforeAll, describe, expect, it } from "vitest";
import type { PaymentGateway } from "@/lib/checkout/gateway";
import { getOrder } from "@/lib/orders/order-queries";
import { getShopOrder } from "@/lib/orders/shop-orders";
import { describePaymentEvent, verifyWebhook } from "@/lib/payments/webhook-events";
import { reconcileRefunds, refundOrder, retryPendingRefunds, type RefundOrderInput } from "@/lib/refunds/refund-order";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkoutCart, checkoutHarness } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase(12);
  shop = await createShop(t.prisma, "Refund Goods");
});

/** A paid order of a 3-unit line (€20 each) and a 1-unit line (€50). */
async function paidOrder(name: string) {
  const h = checkoutHarness();
  const mugs = await shop.listing(5, { priceCents: 2_000, title: `Mug ${name}` });
  const lamp = await shop.listing(2, { priceCents: 5_000, title: `Lamp ${name}` });
  const [customer] = await createCustomers(t.prisma, 1, `refund-${name}`);
  const paid = await checkoutCart(
    t.prisma,
    customer!,
    [
      [mugs, 3],
      [lamp, 1],
    ],
    CARDS.visa,
    h.options,
  );
  expect(paid.saga.status).toBe("COMPLETED");
  const items = await t.prisma.orderItem.findMany({ where: { orderId: paid.orderId }, select: { id: true, listingId: true } });
  const itemOf = (listingId: string) => items.find((item) => item.listingId === listingId)!.id;
  const intentId = (await t.prisma.payment.findFirstOrThrow({ where: { orderId: paid.orderId } })).providerRef!;
  const input = (overrides: Partial<RefundOrderInput> = {}): RefundOrderInput => ({
    shopId: shop.shopId,
    actorId: shop.ownerId,
    orderId: paid.orderId,
    idempotencyKey: crypto.randomUUID(),
    lines: "all",
    restock: true,
    reason: null,
    ...overrides,
  });
  return { h, mugs, lamp, customer: customer!, orderId: paid.orderId, mugItem: itemOf(mugs), lampItem: itemOf(lamp), intentId, input };
}

const refundsOf = (orderId: string) =>
  t.prisma.refund.findMany({
    where: { orderId },
    orderBy: { createdAt: "asc" },
    select: { amountCents: true, status: true, source: true },
  });
const paymentOf = (orderId: string) =>
  t.prisma.payment.findFirstOrThrow({ where: { orderId }, select: { status: true, amountCents: true, refundedCents: true } });
const ledgerOf = (orderId: string) =>
  t.prisma.inventoryMovement.findMany({
    where: { orderId, refundId: { not: null } },
    orderBy: { id: "asc" },
    select: { kind: true, onHandDelta: true, listingId: true },
  });
/** The provider's view: what it refunded in all for the order. */
const refundedAtProvider = (h: ReturnType<typeof checkoutHarness>, orderId: string) =>
  h.simulator.paymentIntents({ orderId }).reduce((sum, intent) => sum + intent.amountRefunded, 0);

describe("refunds (I13)", () => {
  it("a whole refund back on sale: the card gets everything, the units return, the customer is told and sees it", async () => {
    const o = await paidOrder("whole");
    const mugsBefore = await listingLevels(t.prisma, o.mugs);
    const refunded = await refundOrder(t.prisma, o.h.options.gateway, o.input({ reason: "customer changed their mind" }));
    expect(refunded).toMatchObject({ ok: true, amountCents: 11_000, status: "SUCCEEDED" });
    expect(await paymentOf(o.orderId)).toEqual({ status: "REFUNDED", amountCents: 11_000, refundedCents: 11_000 });
    expect(refundedAtProvider(o.h, o.orderId)).toBe(11_000);
    expect(await listingLevels(t.prisma, o.mugs)).toEqual({ onHand: mugsBefore.onHand + 3, reserved: 0 });
    expect(await ledgerOf(o.orderId)).toEqual(
      expect.arrayContaining([
        { kind: "RETURN", onHandDelta: 3, listingId: o.mugs },
        { kind: "RETURN", onHandDelta: 1, listingId: o.lamp },
      ]),
    );
    const note = await t.prisma.notification.findFirstOrThrow({ where: { userId: o.customer, kind: "order-refunded" } });
    expect(note.body).toContain("€110.00");
    const seen = await getOrder(t.prisma, o.customer, o.orderId);
    expect(seen).toMatchObject({ status: "PAID", payment: { status: "REFUNDED", refundedCents: 11_000 } });
    expect(seen!.refunds).toMatchObject([{ amountCents: 11_000, status: "SUCCEEDED", restock: true, source: "owner" }]);
    // Nothing is left to refund.
    expect(await refundOrder(t.prisma, o.h.options.gateway, o.input())).toMatchObject({ ok: false, reason: "nothing-to-refund" });
    await expectAuditClean(t.prisma);
  });

  it("partial refunds kept off sale: RETURN then ADJUST, per-unit amounts that add up to the line", async () => {
    const o = await paidOrder("partial");
    const before = await listingLevels(t.prisma, o.mugs);
    const first = await refundOrder(t.prisma, o.h.options.gateway, o.input({ lines: { [o.mugItem]: 1 }, restock: false }));
    expect(first).toMatchObject({ ok: true, amountCents: 2_000 });
    expect(await listingLevels(t.prisma, o.mugs)).toEqual(before);
    expect(await ledgerOf(o.orderId)).toEqual([
      { kind: "RETURN", onHandDelta: 1, listingId: o.mugs },
      { kind: "ADJUST", onHandDelta: -1, listingId: o.mugs },
    ]);
    expect(await paymentOf(o.orderId)).toEqual({ status: "CAPTURED", amountCents: 11_000, refundedCents: 2_000 });
    // More units than are left: refused, nothing moves.
    expect(await refundOrder(t.prisma, o.h.options.gateway, o.input({ lines: { [o.mugItem]: 3 } }))).toMatchObject({
      ok: false,
      reason: "too-many",
      lines: [{ orderItemId: o.mugItem, left: 2 }],
    });
    const second = await refundOrder(t.prisma, o.h.options.gateway, o.input({ lines: { [o.mugItem]: 2 }, restock: true }));
    expect(second).toMatchObject({ ok: true, amountCents: 4_000 });
    expect(await listingLevels(t.prisma, o.mugs)).toEqual({ onHand: before.onHand + 2, reserved: 0 });
    expect(await paymentOf(o.orderId)).toEqual({ status: "CAPTURED", amountCents: 11_000, refundedCents: 6_000 });
    const owner = await getShopOrder(t.prisma, shop.shopId, o.orderId);
    expect(owner!.items.find((item) => item.orderItemId === o.mugItem)).toMatchObject({ refundedQuantity: 3 });
    expect(owner!.refunds).toHaveLength(2);
    await expectAuditClean(t.prisma);
  });

  it("two presses of one form at once refund once; two owners' whole refunds at once refund once; never more than captured", async () => {
    const o = await paidOrder("race");
    const racers = t.newClient(8);
    const key = crypto.randomUUID();
    const sameForm = await Promise.all(
      Array.from({ length: 6 }, () =>
        refundOrder(racers, o.h.options.gateway, o.input({ idempotencyKey: key, lines: { [o.mugItem]: 1 } })),
      ),
    );
    expect(sameForm.every((result) => result.ok)).toBe(true);
    expect(new Set(sameForm.map((result) => (result.ok ? result.refundId : "")))).toHaveProperty("size", 1);
    expect(await refundsOf(o.orderId)).toEqual([{ amountCents: 2_000, status: "SUCCEEDED", source: "owner" }]);

    const whole = await Promise.all(Array.from({ length: 6 }, () => refundOrder(racers, o.h.options.gateway, o.input())));
    const done = whole.filter((result) => result.ok);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ amountCents: 9_000 });
    expect(whole.filter((result) => !result.ok).map((result) => (result.ok ? "" : result.reason))).toEqual(
      Array(5).fill("nothing-to-refund"),
    );
    expect(await paymentOf(o.orderId)).toEqual({ status: "REFUNDED", amountCents: 11_000, refundedCents: 11_000 });
    expect(refundedAtProvider(o.h, o.orderId)).toBe(11_000);
    await racers.$disconnect();
    await expectAuditClean(t.prisma);
  });

  it("a refund made in the provider's dashboard is recorded from charge.refunded, once, and limits what the owner can refund", async () => {
    const o = await paidOrder("dashboard");
    // The harness's events, verified with its secret and reconciled as the webhook route does.
    o.h.simulator.setWebhookSink(async ({ payload, signature }) => {
      const verified = verifyWebhook(payload, signature, { secret: o.h.simulator.webhookSecret });
      if (!verified.ok) throw new Error(verified.reason);
      const event = describePaymentEvent(verified.event);
      if (event?.kind === "refunded") await reconcileRefunds(t.prisma, o.h.options.gateway, event.intentId);
    });
    await o.h.simulator.deliver();
    o.h.simulator.refundFromDashboard(o.intentId, 6_000);
    expect((await o.h.simulator.deliver({ duplicate: true })).every((delivery) => delivery.delivered)).toBe(true);
    expect(await refundsOf(o.orderId)).toEqual([{ amountCents: 6_000, status: "SUCCEEDED", source: "provider" }]);
    expect(await paymentOf(o.orderId)).toEqual({ status: "CAPTURED", amountCents: 11_000, refundedCents: 6_000 });
    expect(await t.prisma.notification.count({ where: { userId: o.customer, kind: "order-refunded" } })).toBe(1);

    // The whole order no longer fits in what is left of the payment; one line still does.
    expect(await refundOrder(t.prisma, o.h.options.gateway, o.input())).toMatchObject({
      ok: false,
      reason: "over-captured",
      leftCents: 5_000,
    });
    expect(await refundOrder(t.prisma, o.h.options.gateway, o.input({ lines: { [o.lampItem]: 1 } }))).toMatchObject({
      ok: true,
      amountCents: 5_000,
    });
    await o.h.simulator.deliver();
    expect(await refundsOf(o.orderId)).toHaveLength(2);
    expect(await paymentOf(o.orderId)).toEqual({ status: "REFUNDED", amountCents: 11_000, refundedCents: 11_000 });
    expect(refundedAtProvider(o.h, o.orderId)).toBe(11_000);
    await expectAuditClean(t.prisma);
  });

  it("a refund whose answer was lost stays pending, counted against the payment, and the sweep finishes it once", async () => {
    const o = await paidOrder("lost");
    const real = o.h.options.gateway;
    // The provider refunds, and the answer is lost on the way back.
    const losing: PaymentGateway = { ...real, refund: async (...args) => (await real.refund(...args), { status: "unknown" }) };
    expect(await refundOrder(t.prisma, losing, o.input({ lines: { [o.lampItem]: 1 } }))).toMatchObject({ ok: true, status: "PENDING" });
    expect(await refundsOf(o.orderId)).toEqual([{ amountCents: 5_000, status: "PENDING", source: "owner" }]);
    expect(await paymentOf(o.orderId)).toMatchObject({ refundedCents: 5_000 });
    // Pending units count as refunded: the whole order cannot be refunded again meanwhile.
    expect(await refundOrder(t.prisma, real, o.input({ lines: { [o.lampItem]: 1 } }))).toMatchObject({ ok: false, reason: "too-many" });

    await t.prisma.$executeRaw`UPDATE refunds SET created_at = now() - interval '10 minutes' WHERE order_id = ${o.orderId}::uuid`;
    expect(await retryPendingRefunds(t.prisma, real, { olderThanMs: 60_000 })).toBe(1);
    expect(await refundsOf(o.orderId)).toEqual([{ amountCents: 5_000, status: "SUCCEEDED", source: "owner" }]);
    expect(refundedAtProvider(o.h, o.orderId)).toBe(5_000);
    await expectAuditClean(t.prisma);
  });

  it("a refund the provider refuses fails, and its amount is free again", async () => {
    const o = await paidOrder("refused");
    const refusing: PaymentGateway = { ...o.h.options.gateway, refund: async () => ({ status: "refused", message: "charge disputed" }) };
    expect(await refundOrder(t.prisma, refusing, o.input())).toMatchObject({ ok: false, reason: "provider-refused" });
    expect(await refundsOf(o.orderId)).toEqual([{ amountCents: 11_000, status: "FAILED", source: "owner" }]);
    expect(await paymentOf(o.orderId)).toEqual({ status: "CAPTURED", amountCents: 11_000, refundedCents: 0 });
    expect(await ledgerOf(o.orderId)).toEqual([]);
    expect(await refundOrder(t.prisma, o.h.options.gateway, o.input())).toMatchObject({ ok: true, amountCents: 11_000 });
    await expectAuditClean(t.prisma);
  });

  it("another shop's owner finds nothing, and an unpaid order cannot be refunded", async () => {
    const o = await paidOrder("scope");
    const other = await createShop(t.prisma, "Other Refunds");
    expect(await refundOrder(t.prisma, o.h.options.gateway, o.input({ shopId: other.shopId, actorId: other.ownerId }))).toMatchObject({
      ok: false,
      reason: "not-found",
    });
    const h = checkoutHarness();
    const [buyer] = await createCustomers(t.prisma, 1, "refund-unpaid");
    const declined = await checkoutCart(t.prisma, buyer!, [[o.mugs, 1]], CARDS.declined, h.options);
    expect(await refundOrder(t.prisma, h.options.gateway, o.input({ orderId: declined.orderId }))).toMatchObject({
      ok: false,
      reason: "not-paid",
    });
    expect(await paymentOf(o.orderId)).toMatchObject({ refundedCents: 0 });
    await expectAuditClean(t.prisma);
  });
});
