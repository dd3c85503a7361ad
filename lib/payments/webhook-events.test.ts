// Webhook deliveries from the simulator, signed with Stripe's scheme and checked with the SDK's
// constructEvent: what is accepted, what is refused, and a delayed confirmation that arrives
// twice and out of order.
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { chargeOrder, findPayment, type PaymentRequest } from "@/lib/payments/payments";
import { PaymentSimulator, type SimulatorOptions, type WebhookSink } from "@/lib/payments/simulator";
import { createPaymentsClient } from "@/lib/payments/stripe-client";
import { describePaymentEvent, verifyWebhook } from "@/lib/payments/webhook-events";

const secret = "whsec_test_webhooks_0123456789";
const RETURN_URL = "http://shop.test/orders/1";

function setup(options: Partial<SimulatorOptions> = {}) {
  const simulator = new PaymentSimulator({ webhookSecret: secret, ...options });
  const received: { payload: string; signature: string; event: Stripe.Event }[] = [];
  simulator.setWebhookSink((delivery) => void received.push(delivery));
  return { simulator, stripe: createPaymentsClient({ simulator }), received };
}

const order = (): PaymentRequest => ({
  orderId: randomUUID(),
  attempt: 1,
  amountCents: 1_999,
  currency: "eur",
  customerEmail: "grace@example.com",
});

describe("verifyWebhook", () => {
  it("accepts the simulator's signed events, and refuses a wrong secret, a tampered body, a stale or missing signature", async () => {
    const { simulator, stripe, received } = setup();
    await chargeOrder({ ...order(), paymentMethod: "pm_card_visa", returnUrl: RETURN_URL }, { stripe });
    await simulator.deliver();
    const succeeded = received.find((delivery) => delivery.event.type === "payment_intent.succeeded");
    if (!succeeded) throw new Error("no payment_intent.succeeded delivered");
    const { payload, signature } = succeeded;

    expect(verifyWebhook(payload, signature, { secret })).toMatchObject({
      ok: true,
      event: { id: succeeded.event.id, type: "payment_intent.succeeded" },
    });
    expect(verifyWebhook(new TextEncoder().encode(payload), signature, { secret }).ok).toBe(true);
    expect(verifyWebhook(payload, signature, { secret: "whsec_someone_else_0123456789" })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyWebhook(payload.replace('"amount": 1999', '"amount": 1'), signature, { secret })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyWebhook(payload, signature, { secret, now: Date.now() + 301_000 })).toEqual({ ok: false, reason: "stale" });
    expect(verifyWebhook(payload, signature, { secret, now: Date.now() + 290_000 }).ok).toBe(true);
    expect(verifyWebhook(payload, null, { secret })).toEqual({ ok: false, reason: "unsigned" });
    expect(verifyWebhook(payload, "", { secret })).toEqual({ ok: false, reason: "unsigned" });
    expect(verifyWebhook(payload, "v1=deadbeef", { secret })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses an event signed long ago, even with a valid signature", async () => {
    const { simulator, stripe, received } = setup();
    await chargeOrder({ ...order(), paymentMethod: "pm_card_visa", returnUrl: RETURN_URL }, { stripe });
    await simulator.deliver({ signedAt: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(received.length).toBeGreaterThan(0);
    for (const { payload, signature } of received)
      expect(verifyWebhook(payload, signature, { secret })).toEqual({ ok: false, reason: "stale" });
  });
});

describe("a confirmation that arrives later, by webhook", () => {
  it("ends succeeded however its events are delivered: twice, newest first, after the charge returned", async () => {
    const { simulator, stripe, received } = setup();
    const request = order();
    const charged = await chargeOrder({ ...request, paymentMethod: "pm_card_visa_debit", returnUrl: RETURN_URL }, { stripe });
    expect(charged).toMatchObject({ ok: true, status: "processing" });
    expect(simulator.settle()).toBe(1);

    const deliveries = await simulator.deliver({ duplicate: true, reverse: true });
    const types = deliveries.map((delivery) => delivery.type);
    expect(types).toEqual([
      "payment_intent.succeeded",
      "payment_intent.processing",
      "payment_intent.created",
      "payment_intent.succeeded",
      "payment_intent.processing",
      "payment_intent.created",
    ]);
    expect(simulator.pendingEvents()).toEqual([]);

    // A handler in the shape the webhook route should take: verify, skip seen events, treat the
    // event as a hint and ask the provider for the truth, never moving a payment backwards.
    const seen = new Set<string>();
    const outcomes: string[] = [];
    for (const { payload, signature } of received) {
      const verified = verifyWebhook(payload, signature, { secret });
      if (!verified.ok) throw new Error(verified.reason);
      const fact = describePaymentEvent(verified.event);
      if (!fact || seen.has(fact.eventId)) continue;
      seen.add(fact.eventId);
      expect(fact).toMatchObject({ orderId: request.orderId, attempt: 1 });
      const truth = await findPayment(request, { stripe, intentId: fact.intentId });
      outcomes.push(truth.ok ? truth.status : truth.reason);
    }
    expect(seen.size).toBe(2);
    expect(outcomes).toEqual(["succeeded", "succeeded"]);
    expect(simulator.paymentIntents({ orderId: request.orderId })).toMatchObject([{ status: "succeeded" }]);
  });

  it("settles on its own after the configured delay and delivers to the sink, retrying a sink that failed", async () => {
    const simulator = new PaymentSimulator({ webhookSecret: secret, settleAfterMs: 50, autoDeliver: true });
    const stripe = createPaymentsClient({ simulator });
    const types: string[] = [];
    let failures = 1;
    const sink: WebhookSink = ({ event }) => {
      if (event.type === "payment_intent.succeeded" && failures-- > 0) throw new Error("route down");
      types.push(event.type);
    };
    simulator.setWebhookSink(sink);
    await chargeOrder({ ...order(), paymentMethod: "pm_card_visa_debit", returnUrl: RETURN_URL }, { stripe });
    await vi.waitFor(() => expect(types).toContain("payment_intent.succeeded"), { timeout: 5_000, interval: 20 });
    expect(types.filter((type) => type === "payment_intent.succeeded")).toHaveLength(1);
  });

  it("settles when asked after the delay even if no timer ran (a frozen serverless instance)", async () => {
    let clock = Date.parse("2026-11-20T10:00:00Z");
    const simulator = new PaymentSimulator({ webhookSecret: secret, settleAfterMs: 3_000, now: () => clock });
    const stripe = createPaymentsClient({ simulator });
    const request = order();
    const charged = await chargeOrder({ ...request, paymentMethod: "pm_card_visa_debit", returnUrl: RETURN_URL }, { stripe });
    const intentId = charged.ok ? charged.intentId : "";
    expect(await findPayment(request, { stripe, intentId })).toMatchObject({ ok: true, status: "processing" });
    clock += 3_000;
    expect(await findPayment(request, { stripe, intentId })).toMatchObject({ ok: true, status: "succeeded" });
    expect(simulator.pendingEvents().at(-1)?.type).toBe("payment_intent.succeeded");
  });
});

describe("describePaymentEvent", () => {
  it("names the payment facts checkout acts on and ignores the rest", async () => {
    const { simulator, stripe } = setup();
    const request = order();
    await chargeOrder({ ...request, paymentMethod: "pm_card_visa_chargeDeclined", returnUrl: RETURN_URL }, { stripe });
    const facts = simulator.pendingEvents().map(describePaymentEvent);
    expect(facts).toEqual([
      null,
      { eventId: expect.any(String), kind: "payment_failed", intentId: expect.any(String), orderId: request.orderId, attempt: 1 },
    ]);
  });
});
