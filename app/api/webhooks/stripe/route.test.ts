// The Stripe webhook route itself (real handler, real database, the process's payment
// simulator), answering as Stripe expects: unsigned, wrongly signed and stale deliveries are
// 400 and change nothing; a good one resumes the saga it is about, which asks the provider
// first; the same event delivered again is 200 and changes nothing; an event recorded but never
// handled (a crash in between) is handled when delivered again.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop } from "@/test/support/cart-fixtures";
import { CARDS, checkout, fillCart } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

const SECRET = "whsec_route_test_0123456789abcdef";
let t: TestDatabase;
let POST: (request: Request) => Promise<Response>;

beforeAll(async () => {
  t = await useTestDatabase();
  // lib/env reads these once, on first use: set them before the route loads.
  process.env.DATABASE_URL = t.url;
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  // The simulator settles "confirms later" payments only when the test says so.
  process.env.PAYMENT_SIMULATOR_DELAY = "1h";
  POST = (await import("@/app/api/webhooks/stripe/route")).POST;
});

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().$disconnect();
});

function delivery(payload: string, signature?: string) {
  return new Request("http://localhost/api/webhooks/stripe", {
    method: "POST",
    body: payload,
    headers: signature ? { "stripe-signature": signature } : {},
  });
}

const sign = (payload: string, secret = SECRET, timestamp = Math.floor(Date.now() / 1000)) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

function succeededEvent(id: string, intentId: string, orderId: string) {
  return JSON.stringify({
    id,
    object: "event",
    type: "payment_intent.succeeded",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: intentId, object: "payment_intent", status: "succeeded", metadata: { order_id: orderId, attempt: "1" } } },
  });
}

async function waitingCheckout(name: string) {
  const { checkoutOptions } = await import("@/lib/checkout/config");
  const shop = await createShop(t.prisma, `Webhook Goods ${name}`);
  const listing = await shop.listing(1, { priceCents: 3_300 });
  const [buyer] = await createCustomers(t.prisma, 1, `webhook-${name}`);
  await fillCart(t.prisma, buyer!, [[listing, 1]]);
  const started = await checkout(t.prisma, buyer!, CARDS.confirmsLater, checkoutOptions(), { contactEmail: "webhook@example.test" });
  if (!started.ok) throw new Error(started.reason);
  expect(started.saga.waiting).toBe(true);
  const intentId = (await t.prisma.payment.findFirstOrThrow({ where: { orderId: started.orderId } })).providerRef!;
  return { orderId: started.orderId, intentId, buyer: buyer! };
}

describe("POST /api/webhooks/stripe", () => {
  it("refuses unsigned, wrongly signed and stale deliveries with 400; a good one is handled; the same again is 200 and changes nothing", async () => {
    const { paymentSimulator } = await import("@/lib/payments/simulator");
    const { orderId, intentId, buyer } = await waitingCheckout("signed");
    const payload = succeededEvent("evt_route_1", intentId, orderId);
    const state = async () => ({
      order: (await t.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).status,
      // Only this test's event: the simulator delivers its own events in-process meanwhile.
      events: await t.prisma.paymentWebhookEvent.findMany({ where: { eventId: "evt_route_1" }, select: { handledAt: true } }),
      captures: await t.prisma.payment.count({ where: { orderId, status: "CAPTURED" } }),
      notifications: await t.prisma.notification.count({ where: { userId: buyer } }),
    });
    const before = await state();

    for (const [request, error] of [
      [delivery(payload), "unsigned"],
      [delivery(payload, sign(payload, "whsec_somebody_else_0123456789")), "bad_signature"],
      [delivery(payload.replace("succeeded", "canceled"), sign(payload)), "bad_signature"],
      [delivery(payload, sign(payload, SECRET, Math.floor(Date.now() / 1000) - 600)), "stale"],
    ] as const) {
      const response = await POST(request);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error });
    }
    expect(await state()).toEqual(before);

    // The payment settles; a good delivery resumes the saga, which asks the provider and completes.
    paymentSimulator().settle(intentId);
    const signature = sign(payload);
    const accepted = await POST(delivery(payload, signature));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ received: true, handled: true });
    // The simulator also delivers its own event for the settlement, in-process: whichever
    // arrives first drives the saga, the other finds it busy or done.
    await expect.poll(async () => (await state()).order, { timeout: 15_000 }).toBe("PAID");
    const handled = await state();
    expect(handled.events).toEqual([{ handledAt: expect.any(Date) }]);

    // The very same delivery again (Stripe retries what it did not see answered): 200, nothing changes.
    for (const again of await Promise.all([POST(delivery(payload, signature)), POST(delivery(payload, sign(payload)))])) {
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ received: true, duplicate: true });
    }
    expect(await state()).toEqual(handled);
    expect(handled.captures).toBe(1);
    await expectAuditClean(t.prisma);
  });

  it("handles an event recorded before a crash cut its handling short when Stripe delivers it again", async () => {
    const { checkoutOptions } = await import("@/lib/checkout/config");
    const { receivePaymentWebhook } = await import("@/lib/checkout/webhook");
    const { paymentSimulator } = await import("@/lib/payments/simulator");
    // Only this test's deliveries: the simulator's own in-process ones (its processing and
    // succeeded events) would drive the saga first. Set before the checkout, whose events the
    // simulator would otherwise deliver a moment later.
    checkoutOptions();
    paymentSimulator().setWebhookSink(null);
    const { orderId, intentId } = await waitingCheckout("crash");
    paymentSimulator().settle(intentId);
    const payload = succeededEvent("evt_route_crash", intentId, orderId);

    // The first delivery is recorded, then the process dies while the saga handles it.
    const crashing = {
      ...checkoutOptions(),
      failpoint: (point: string) => {
        if (point === "payment:after-provider") throw new Error("crash while handling");
      },
    };
    await expect(receivePaymentWebhook(t.prisma, crashing, payload, sign(payload))).rejects.toThrow("crash while handling");
    expect(await t.prisma.paymentWebhookEvent.findUniqueOrThrow({ where: { eventId: "evt_route_crash" } })).toMatchObject({
      handledAt: null,
    });

    // Stripe's retry: handled now (the saga's lease from the crashed run has to lapse first).
    await t.prisma.$executeRaw`UPDATE checkout_sagas SET locked_until = now() - interval '1 second' WHERE order_id = ${orderId}::uuid`;
    const retried = await POST(delivery(payload, sign(payload)));
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ received: true, handled: true });
    await expect
      .poll(async () => (await t.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).status, { timeout: 15_000 })
      .toBe("PAID");
    expect(await t.prisma.paymentWebhookEvent.findUniqueOrThrow({ where: { eventId: "evt_route_crash" } })).toMatchObject({
      handledAt: expect.any(Date),
    });
    expect(await t.prisma.payment.count({ where: { orderId, status: "CAPTURED" } })).toBe(1);
    await expectAuditClean(t.prisma);
  });
});
