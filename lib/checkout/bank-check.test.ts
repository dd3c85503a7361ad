// 3-D Secure in the checkout saga (I9, I13), on a real database with the real Stripe SDK over
// the simulator and Stripe's test card 4000 0027 6000 3184: the saga waits on the bank's check
// with the units reserved and the flash-sale slot claimed; a completed check is paid once; a
// failed or abandoned one is compensated in reverse exactly like a decline; a crash while
// waiting is finished by the sweep.
import { beforeAll, describe, expect, it } from "vitest";
import { recoverCheckouts } from "@/lib/checkout/recover";
import { handlePaymentEvent } from "@/lib/checkout/webhook";
import type { Db } from "@/lib/db/prisma";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { setTransport } from "@/lib/notifications/transport";
import { answerBankCheck } from "@/lib/payments/bank-check";
import { nextAction } from "@/lib/payments/payments";
import { describePaymentEvent, verifyWebhook } from "@/lib/payments/webhook-events";
import { runStep } from "@/lib/steps/run-step";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkoutCart, checkoutHarness } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Secure Goods");
  setTransport({ send: async () => undefined });
});

const journal = async (db: Db, sagaId: string) =>
  (await db.sagaStep.findMany({ where: { sagaId }, orderBy: { id: "asc" } })).map((row) => `${row.direction} ${row.step} ${row.outcome}`);

/** The simulator's events, verified and handed to the saga, as the webhook route would. */
function deliverTo(h: ReturnType<typeof checkoutHarness>) {
  h.simulator.setWebhookSink(async ({ payload, signature }) => {
    const verified = verifyWebhook(payload, signature, { secret: h.simulator.webhookSecret });
    if (!verified.ok) throw new Error(verified.reason);
    const event = describePaymentEvent(verified.event);
    if (event && event.kind !== "refunded") await handlePaymentEvent(t.prisma, event, h.options);
  });
}

/** A listing on a live flash sale, one slot: the checkout claims it in DISCOUNTS. */
async function saleListing(title: string) {
  const listing = await shop.listing(1, { priceCents: 10_000, title });
  const sale = await runStep(t.prisma, createFlashSale, {
    shopId: shop.shopId,
    listingId: listing,
    slots: 1,
    discount: { kind: "percent", percent: 20 },
    startsAt: new Date(Date.now() - 60_000),
    endsAt: new Date(Date.now() + 2 * HOUR),
  });
  if (!sale.ok) throw new Error(sale.reason);
  return { listing, saleId: sale.saleId };
}

const claimsOf = (saleId: string) => t.prisma.flashSaleClaim.findMany({ where: { flashSaleId: saleId }, select: { status: true } });

async function waitingOnBank(name: string) {
  const h = checkoutHarness();
  deliverTo(h);
  const { listing, saleId } = await saleListing(`Secure ${name}`);
  const [customer] = await createCustomers(t.prisma, 1, `secure-${name}`);
  const result = await checkoutCart(t.prisma, customer!, [[listing, 1]], CARDS.authenticates, h.options);
  expect(result.saga).toMatchObject({ status: "RUNNING", waiting: true });
  const payment = await t.prisma.payment.findFirstOrThrow({ where: { orderId: result.orderId } });
  expect(payment).toMatchObject({ status: "REQUIRES_ACTION", amountCents: 8_000, actionRequiredAt: expect.any(Date) });
  // Waiting on the customer: the unit stays reserved and the slot claimed, nothing is charged.
  expect(await listingLevels(t.prisma, listing)).toEqual({ onHand: 1, reserved: 1 });
  expect(await claimsOf(saleId)).toEqual([{ status: "CLAIMED" }]);
  expect(h.captures(result.orderId)).toBe(0);
  expect(await nextAction(payment.providerRef!, { stripe: h.stripe })).toEqual({
    kind: "redirect",
    url: `/payments/challenge/${payment.providerRef}`,
  });
  return { h, listing, saleId, customer: customer!, orderId: result.orderId, sagaId: result.saga.sagaId, intentId: payment.providerRef! };
}

describe("3-D Secure (I9, I13)", () => {
  it("a completed check is paid once: the webhook resumes the saga, which asks the provider", async () => {
    const w = await waitingOnBank("complete");
    expect(await answerBankCheck(t.prisma, w.h.simulator, { userId: w.customer, intentId: w.intentId, passed: true })).toEqual({
      ok: true,
      orderId: w.orderId,
    });
    await w.h.simulator.deliver({ duplicate: true });
    expect(await t.prisma.checkoutSaga.findUniqueOrThrow({ where: { id: w.sagaId } })).toMatchObject({ status: "COMPLETED" });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: w.orderId } })).toMatchObject({ status: "PAID", totalCents: 8_000 });
    expect(await t.prisma.payment.findFirstOrThrow({ where: { orderId: w.orderId } })).toMatchObject({
      status: "CAPTURED",
      cardLast4: "3184",
      cardBrand: "visa",
    });
    expect(await claimsOf(w.saleId)).toEqual([{ status: "CONSUMED" }]);
    expect(w.h.captures(w.orderId)).toBe(1);
    await expectAuditClean(t.prisma);
  });

  it("only the order's customer answers the check, and only while it waits", async () => {
    const w = await waitingOnBank("owner-only");
    const [stranger] = await createCustomers(t.prisma, 1, "secure-stranger");
    expect(await answerBankCheck(t.prisma, w.h.simulator, { userId: stranger!, intentId: w.intentId, passed: true })).toMatchObject({
      ok: false,
      reason: "not-found",
    });
    expect(await t.prisma.payment.findFirstOrThrow({ where: { orderId: w.orderId } })).toMatchObject({ status: "REQUIRES_ACTION" });
    await answerBankCheck(t.prisma, w.h.simulator, { userId: w.customer, intentId: w.intentId, passed: true });
    await w.h.simulator.deliver();
    expect(await answerBankCheck(t.prisma, w.h.simulator, { userId: w.customer, intentId: w.intentId, passed: false })).toMatchObject({
      ok: false,
      reason: "not-found",
    });
    expect(w.h.captures(w.orderId)).toBe(1);
    await expectAuditClean(t.prisma);
  });

  it("a failed check is compensated in reverse like a decline: unit and slot back, order payable, nothing charged", async () => {
    const w = await waitingOnBank("fail");
    await answerBankCheck(t.prisma, w.h.simulator, { userId: w.customer, intentId: w.intentId, passed: false });
    await w.h.simulator.deliver();
    expect(await t.prisma.checkoutSaga.findUniqueOrThrow({ where: { id: w.sagaId } })).toMatchObject({
      status: "COMPENSATED",
      failureCode: "authentication-failed",
    });
    expect(await journal(t.prisma, w.sagaId)).toEqual([
      "DO CREATE_ORDER done",
      "DO RESERVE done",
      "DO DISCOUNTS done",
      "DO PRICE done",
      "DO PAYMENT failed",
      "UNDO DISCOUNTS undone",
      "UNDO RESERVE undone",
      "UNDO CREATE_ORDER undone",
    ]);
    expect(await listingLevels(t.prisma, w.listing)).toEqual({ onHand: 1, reserved: 0 });
    expect(await claimsOf(w.saleId)).toEqual([{ status: "RELEASED" }]);
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: w.orderId } })).toMatchObject({
      status: "PENDING_PAYMENT",
      paymentFailureCode: "authentication-failed",
    });
    expect(await t.prisma.payment.findFirstOrThrow({ where: { orderId: w.orderId } })).toMatchObject({ status: "DECLINED" });
    const note = await t.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `payment-declined:${w.sagaId}` } });
    expect(note.body).toContain("3-D Secure");
    expect(w.h.captures(w.orderId)).toBe(0);
    await expectAuditClean(t.prisma);
  });

  it("an abandoned check is given up by the sweep after PAYMENT_ACTION_TIMEOUT: the intent is cancelled, compensated like a decline", async () => {
    const w = await waitingOnBank("abandon");
    // The sweep looks before the timeout: still waiting.
    await t.prisma.$executeRaw`UPDATE checkout_sagas SET locked_until = now() - interval '1 second' WHERE id = ${w.sagaId}::uuid`;
    await recoverCheckouts(t.prisma, { ...w.h.options, batchSize: 10 });
    expect(await t.prisma.checkoutSaga.findUniqueOrThrow({ where: { id: w.sagaId } })).toMatchObject({ status: "RUNNING" });
    // Aged past the timeout (an UPDATE, not a sleep): the sweep gives the payment up.
    await t.prisma.$executeRaw`UPDATE payments SET action_required_at = now() - interval '16 minutes' WHERE order_id = ${w.orderId}::uuid`;
    await t.prisma.$executeRaw`UPDATE checkout_sagas SET locked_until = now() - interval '1 second' WHERE id = ${w.sagaId}::uuid`;
    expect(await recoverCheckouts(t.prisma, { ...w.h.options, batchSize: 10 })).toMatchObject({ compensated: 1 });
    expect(await t.prisma.checkoutSaga.findUniqueOrThrow({ where: { id: w.sagaId } })).toMatchObject({
      status: "COMPENSATED",
      failureCode: "authentication-abandoned",
    });
    expect(w.h.simulator.paymentIntents({ orderId: w.orderId })).toMatchObject([{ status: "canceled" }]);
    // The customer comes back to the bank's page too late: nothing is left to answer, nothing is charged.
    expect(w.h.simulator.answerChallenge(w.intentId, true)).toBeNull();
    expect(await listingLevels(t.prisma, w.listing)).toEqual({ onHand: 1, reserved: 0 });
    expect(await claimsOf(w.saleId)).toEqual([{ status: "RELEASED" }]);
    expect(w.h.captures(w.orderId)).toBe(0);
    await expectAuditClean(t.prisma);
  });

  it("a crash while waiting on the check: the answer's webhook is lost, and the sweep finishes the payment", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(1, { priceCents: 5_000, title: "Secure crash" });
    const [customer] = await createCustomers(t.prisma, 1, "secure-crash");
    // The worker dies right after the provider said "requires_action", before it recorded it.
    const crashing = {
      ...h.options,
      failpoint: (at: string) => {
        if (at === "payment:after-provider") throw new Error("crash while waiting");
      },
    };
    await expect(checkoutCart(t.prisma, customer!, [[listing, 1]], CARDS.authenticates, crashing)).rejects.toThrow("crash while waiting");
    const order = await t.prisma.order.findFirstOrThrow({ where: { userId: customer! } });
    const [intent] = h.simulator.paymentIntents({ orderId: order.id });
    // The customer passes the check; its webhook never arrives (no sink).
    h.simulator.answerChallenge(intent!.id, true);
    await t.prisma.$executeRaw`UPDATE checkout_sagas SET locked_until = now() - interval '1 second' WHERE order_id = ${order.id}::uuid`;
    await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "PAID" });
    expect(h.captures(order.id)).toBe(1);
    expect(await listingLevels(t.prisma, listing)).toEqual({ onHand: 0, reserved: 0 });
    await expectAuditClean(t.prisma);
  });
});
