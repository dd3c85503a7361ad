// The payment API through the real Stripe SDK, whose HTTP client is the simulator's fetch:
// no database, no socket.
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { paymentKey } from "@/lib/payments/keys";
import { chargeOrder, findPayment, listRefunds, nextAction, refundPayment, type PaymentRequest } from "@/lib/payments/payments";
import { PaymentSimulator } from "@/lib/payments/simulator";
import { createPaymentsClient } from "@/lib/payments/stripe-client";

// Stripe's test PaymentMethods, as the browser's test-card picker posts them.
const CARDS = {
  visa: "pm_card_visa",
  declined: "pm_card_visa_chargeDeclined",
  noFunds: "pm_card_visa_chargeDeclinedInsufficientFunds",
  later: "pm_card_visa_debit",
  noAnswer: "pm_card_mastercard_debit",
  authenticates: "pm_card_authenticationRequired",
};
const RETURN_URL = "http://shop.test/orders/1";

function setup() {
  const simulator = new PaymentSimulator({ webhookSecret: "whsec_test_payments_0123456789" });
  return { simulator, stripe: createPaymentsClient({ simulator }) };
}

/** The intent id a result carries, whatever its outcome. */
function intentOf(result: object): string {
  const id = (result as { intentId?: unknown }).intentId;
  if (typeof id !== "string") throw new Error(`no intent id in ${JSON.stringify(result)}`);
  return id;
}

function order(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return { orderId: randomUUID(), attempt: 1, amountCents: 4_250, currency: "EUR", customerEmail: "ada@example.com", ...overrides };
}

describe("chargeOrder", () => {
  it("charges a test Visa once and returns only its last 4 digits and brand", async () => {
    const { simulator, stripe } = setup();
    const request = order();
    const result = await chargeOrder({ ...request, paymentMethod: CARDS.visa, returnUrl: RETURN_URL }, { stripe });
    expect(result).toEqual({ ok: true, status: "succeeded", intentId: expect.stringMatching(/^pi_/), last4: "4242", brand: "visa" });
    expect(JSON.stringify(result)).not.toContain("4242424242424242");
    const intents = simulator.paymentIntents({ orderId: request.orderId });
    expect(intents).toMatchObject([
      { status: "succeeded", amount: 4_250, currency: "eur", metadata: { order_id: request.orderId, attempt: "1" } },
    ]);
  });

  it("reports both declining test cards as declined with Stripe's decline code, charging nothing", async () => {
    const { simulator, stripe } = setup();
    const generic = await chargeOrder({ ...order(), paymentMethod: CARDS.declined, returnUrl: RETURN_URL }, { stripe });
    const noFunds = await chargeOrder({ ...order(), paymentMethod: CARDS.noFunds, returnUrl: RETURN_URL }, { stripe });
    expect(generic).toMatchObject({ ok: false, reason: "declined", declineCode: "generic_decline", message: "Your card was declined." });
    expect(noFunds).toMatchObject({
      ok: false,
      reason: "declined",
      declineCode: "insufficient_funds",
      message: "Your card has insufficient funds.",
    });
    expect(simulator.paymentIntents().filter((intent) => intent.status === "succeeded")).toHaveLength(0);
  });

  it("answers a decline the way Stripe does, so the SDK throws StripeCardError", async () => {
    const { stripe } = setup();
    const attempt = stripe.paymentIntents.create({
      amount: 900,
      currency: "eur",
      confirm: true,
      payment_method: "pm_card_chargeDeclinedInsufficientFunds",
    });
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({
      statusCode: 402,
      rawType: "card_error",
      code: "card_declined",
      decline_code: "insufficient_funds",
      payment_intent: { status: "requires_payment_method", last_payment_error: { decline_code: "insufficient_funds" } },
    });
  });

  it("charges once however often the same attempt is sent, even at the same instant", async () => {
    const { simulator, stripe } = setup();
    const input = { ...order(), paymentMethod: CARDS.visa, returnUrl: RETURN_URL };
    const results = await Promise.all([chargeOrder(input, { stripe }), chargeOrder(input, { stripe }), chargeOrder(input, { stripe })]);
    const again = await chargeOrder(input, { stripe });
    const ids = new Set([...results, again].map((result) => (result.ok ? result.intentId : result.reason)));
    expect(ids.size).toBe(1);
    expect(simulator.paymentIntents({ orderId: input.orderId })).toHaveLength(1);
    // The next attempt is a new charge under new keys.
    await chargeOrder({ ...input, attempt: 2 }, { stripe });
    expect(simulator.paymentIntents({ orderId: input.orderId })).toHaveLength(2);
  });

  it("refuses an idempotency key reused with other parameters, as Stripe does", async () => {
    const { stripe } = setup();
    const request = order();
    await chargeOrder({ ...request, paymentMethod: CARDS.visa, returnUrl: RETURN_URL }, { stripe });
    const changed = chargeOrder({ ...request, amountCents: 9_999, paymentMethod: CARDS.visa, returnUrl: RETURN_URL }, { stripe });
    await expect(changed).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    const direct = stripe.paymentIntents.create(
      { amount: 1_000, currency: "eur" },
      { idempotencyKey: `${paymentKey(request.orderId, 1)}:create` },
    );
    await expect(direct).rejects.toThrow(/same parameters/);
  });

  it("passes the browser's token straight through: an unknown PaymentMethod or ConfirmationToken is refused and charges nothing", async () => {
    const { simulator, stripe } = setup();
    const unknown = await chargeOrder({ ...order(), paymentMethod: "pm_card_unheard_of", returnUrl: RETURN_URL }, { stripe });
    expect(unknown).toMatchObject({ ok: false, reason: "rejected", code: "resource_missing" });
    // A ConfirmationToken comes from Stripe.js talking to Stripe: the simulator issued none.
    const token = await chargeOrder({ ...order(), paymentMethod: "ctoken_1Abc", returnUrl: RETURN_URL }, { stripe });
    expect(token).toMatchObject({ ok: false, reason: "rejected", code: "resource_missing" });
    expect(simulator.paymentIntents().filter((intent) => intent.status === "succeeded")).toHaveLength(0);
  });

  it("leaves a 3-D Secure card waiting on the bank's check; passing it captures once, failing it declines", async () => {
    const { simulator, stripe } = setup();
    const passing = order();
    const waiting = await chargeOrder({ ...passing, paymentMethod: CARDS.authenticates, returnUrl: RETURN_URL }, { stripe });
    expect(waiting).toEqual({ ok: false, reason: "requires_action", intentId: expect.stringMatching(/^pi_/) });
    const intentId = intentOf(waiting);
    expect(await nextAction(intentId, { stripe })).toEqual({ kind: "redirect", url: `/payments/challenge/${intentId}` });
    expect(simulator.answerChallenge(intentId, true)).toEqual({ returnUrl: RETURN_URL });
    expect(await findPayment(passing, { stripe, intentId })).toMatchObject({ ok: true, status: "succeeded", last4: "3184" });
    expect(await nextAction(intentId, { stripe })).toBeNull();
    // Answered once: a second answer finds nothing waiting.
    expect(simulator.answerChallenge(intentId, false)).toBeNull();

    const failing = order();
    const failingIntent = intentOf(
      await chargeOrder({ ...failing, paymentMethod: CARDS.authenticates, returnUrl: RETURN_URL }, { stripe }),
    );
    simulator.answerChallenge(failingIntent, false);
    expect(await findPayment(failing, { stripe, intentId: failingIntent })).toMatchObject({
      ok: false,
      reason: "declined",
      declineCode: "payment_intent_authentication_failure",
    });
    expect(simulator.paymentIntents().filter((intent) => intent.status === "succeeded")).toHaveLength(1);
  });

  it("cancels a check nobody answered, so that a late answer can no longer capture", async () => {
    const { simulator, stripe } = setup();
    const request = order();
    const intentId = intentOf(await chargeOrder({ ...request, paymentMethod: CARDS.authenticates, returnUrl: RETURN_URL }, { stripe }));
    expect(await findPayment(request, { stripe, intentId, cancelUnconfirmed: true })).toMatchObject({ ok: false, reason: "not_charged" });
    expect(simulator.answerChallenge(intentId, true)).toBeNull();
    expect(simulator.paymentIntents({ orderId: request.orderId })).toMatchObject([{ status: "canceled" }]);
  });

  it("leaves a 'confirms later' card processing", async () => {
    const { simulator, stripe } = setup();
    const result = await chargeOrder({ ...order(), paymentMethod: CARDS.later, returnUrl: RETURN_URL }, { stripe });
    expect(result).toMatchObject({ ok: true, status: "processing", last4: "5556", brand: "visa" });
    expect(simulator.pendingEvents().map((event) => event.type)).toEqual(["payment_intent.created", "payment_intent.processing"]);
  });
});

describe("an unknown result, and findPayment", () => {
  it("reports a lost answer as unknown; findPayment then finds the capture, with or without the intent id", async () => {
    const { simulator, stripe } = setup();
    const request = order();
    const result = await chargeOrder({ ...request, paymentMethod: CARDS.noAnswer, returnUrl: RETURN_URL }, { stripe });
    expect(result).toEqual({ ok: false, reason: "unknown", intentId: expect.stringMatching(/^pi_/) });
    const intentId = intentOf(result);
    expect(simulator.paymentIntents({ orderId: request.orderId })).toMatchObject([{ id: intentId, status: "succeeded" }]);

    const found = { ok: true, status: "succeeded", intentId, last4: "8210", brand: "mastercard" };
    expect(await findPayment(request, { stripe, intentId })).toEqual(found);
    // After a crash that lost the intent id: the create is replayed under its key.
    expect(await findPayment(request, { stripe, cancelUnconfirmed: true })).toEqual(found);
    // A retry of the same attempt replays the captured confirmation instead of charging again.
    expect(await chargeOrder({ ...request, paymentMethod: CARDS.noAnswer, returnUrl: RETURN_URL }, { stripe })).toEqual(found);
    expect(simulator.paymentIntents({ orderId: request.orderId })).toHaveLength(1);
  });

  it("reports network failures and 5xx as unknown; findPayment tells a capture from a charge never confirmed", async () => {
    const { simulator, stripe } = setup();
    // Refused before it arrived: the provider has nothing.
    const unsent = order();
    simulator.failNext("network");
    expect(await chargeOrder({ ...unsent, paymentMethod: CARDS.visa, returnUrl: RETURN_URL }, { stripe })).toEqual({
      ok: false,
      reason: "unknown",
    });
    expect(await findPayment(unsent, { stripe })).toMatchObject({ ok: false, reason: "unconfirmed" });
    expect(await findPayment(unsent, { stripe, cancelUnconfirmed: true })).toMatchObject({ ok: false, reason: "not_charged" });
    // Once canceled, a late retry of the same attempt can no longer capture.
    const late = await chargeOrder({ ...unsent, paymentMethod: CARDS.visa, returnUrl: RETURN_URL }, { stripe });
    expect(late).toMatchObject({ ok: false, reason: "rejected", code: "payment_intent_unexpected_state" });

    // A 500 on the confirmation: the intent exists, never confirmed.
    const failedConfirm = order();
    simulator.failNext("server_error", { after: 1 });
    const unconfirmed = await chargeOrder({ ...failedConfirm, paymentMethod: CARDS.visa, returnUrl: RETURN_URL }, { stripe });
    expect(unconfirmed).toEqual({ ok: false, reason: "unknown", intentId: expect.stringMatching(/^pi_/) });
    const intentId = intentOf(unconfirmed);
    expect(await findPayment(failedConfirm, { stripe, intentId, cancelUnconfirmed: true })).toEqual({
      ok: false,
      reason: "not_charged",
      intentId,
    });

    // The answer lost after the capture, and the provider still down when first asked.
    const lostAfter = order();
    simulator.failNext("timeout_after", { after: 1 });
    expect(await chargeOrder({ ...lostAfter, paymentMethod: CARDS.visa, returnUrl: RETURN_URL }, { stripe })).toMatchObject({
      ok: false,
      reason: "unknown",
    });
    simulator.failNext("server_error");
    expect(await findPayment(lostAfter, { stripe })).toEqual({ ok: false, reason: "unknown" });
    expect(await findPayment(lostAfter, { stripe, cancelUnconfirmed: true })).toMatchObject({
      ok: true,
      status: "succeeded",
      last4: "4242",
    });
    expect(simulator.paymentIntents().filter((intent) => intent.status === "succeeded")).toHaveLength(1);
  });

  it("reports a declined attempt as declined, also after canceling it", async () => {
    const { simulator, stripe } = setup();
    const request = order();
    await chargeOrder({ ...request, paymentMethod: CARDS.noFunds, returnUrl: RETURN_URL }, { stripe });
    expect(await findPayment(request, { stripe })).toMatchObject({ ok: false, reason: "declined", declineCode: "insufficient_funds" });
    expect(await findPayment(request, { stripe, cancelUnconfirmed: true })).toMatchObject({
      ok: false,
      reason: "declined",
      declineCode: "insufficient_funds",
    });
    expect(simulator.paymentIntents({ orderId: request.orderId })).toMatchObject([{ status: "canceled" }]);
  });
});

describe("refundPayment", () => {
  it("refunds a capture once per key and reports a second refund as already done", async () => {
    const { simulator, stripe } = setup();
    const request = order();
    const charged = await chargeOrder({ ...request, paymentMethod: CARDS.visa, returnUrl: RETURN_URL }, { stripe });
    if (!charged.ok) throw new Error("charge failed");
    const first = await refundPayment(charged.intentId, `refund:${request.orderId}`, { stripe });
    const replayed = await refundPayment(charged.intentId, `refund:${request.orderId}`, { stripe });
    expect(first).toEqual({ ok: true, refundId: expect.stringMatching(/^re_/), status: "succeeded" });
    expect(replayed).toEqual(first);
    expect(await refundPayment(charged.intentId, "another-key", { stripe })).toEqual({
      ok: true,
      refundId: null,
      status: "already_refunded",
    });
    expect(simulator.paymentIntents({ orderId: request.orderId })).toMatchObject([{ amountRefunded: 4_250 }]);
  });

  it("refuses to refund what was never captured", async () => {
    const { stripe } = setup();
    const declined = await chargeOrder({ ...order(), paymentMethod: CARDS.declined, returnUrl: RETURN_URL }, { stripe });
    const intentId = intentOf(declined);
    expect(await refundPayment(intentId, "refund-declined", { stripe })).toMatchObject({
      ok: false,
      reason: "not_refundable",
      code: "charge_not_refundable",
    });
  });
});

describe("listRefunds", () => {
  it("lists a payment's refunds, ours named by their metadata and a dashboard's not", async () => {
    const { simulator, stripe } = setup();
    const request = order();
    const charged = await chargeOrder({ ...request, paymentMethod: CARDS.visa, returnUrl: RETURN_URL }, { stripe });
    if (!charged.ok) throw new Error("charge failed");
    await refundPayment(charged.intentId, "refund:ours", { stripe, amountCents: 1_000, metadata: { refund_id: "our-refund" } });
    simulator.refundFromDashboard(charged.intentId, 250);
    expect(await listRefunds(charged.intentId, { stripe })).toEqual([
      { refundId: expect.stringMatching(/^re_/), amountCents: 250, status: "succeeded", ours: null },
      { refundId: expect.stringMatching(/^re_/), amountCents: 1_000, status: "succeeded", ours: "our-refund" },
    ]);
  });
});
