// The Stripe webhook route itself (real handler, real database, the process's payment
// simulator): unsigned, wrongly signed, stale and replayed deliveries are refused with 400 and
// change nothing; a good one resumes the saga it is about, which asks the provider first.
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

describe("POST /api/webhooks/stripe", () => {
  it("refuses unsigned, wrongly signed, stale and replayed deliveries with 400, changing nothing", async () => {
    const { checkoutOptions } = await import("@/lib/checkout/config");
    const { paymentSimulator } = await import("@/lib/payments/simulator");
    const shop = await createShop(t.prisma, "Webhook Goods");
    const listing = await shop.listing(1, { priceCents: 3_300 });
    const [buyer] = await createCustomers(t.prisma, 1, "webhook");
    await fillCart(t.prisma, buyer!, [[listing, 1]]);
    const started = await checkout(t.prisma, buyer!, CARDS.confirmsLater, checkoutOptions(), { contactEmail: "webhook@example.test" });
    if (!started.ok) throw new Error(started.reason);
    expect(started.saga.waiting).toBe(true);
    const intentId = (await t.prisma.payment.findFirstOrThrow({ where: { orderId: started.orderId } })).providerRef!;
    const payload = succeededEvent("evt_route_1", intentId, started.orderId);
    const state = async () => ({
      order: (await t.prisma.order.findUniqueOrThrow({ where: { id: started.orderId } })).status,
      // Only this test's event: the simulator delivers its own events in-process meanwhile.
      events: await t.prisma.paymentWebhookEvent.count({ where: { eventId: "evt_route_1" } }),
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

    // The very same delivery again: a replay.
    const replayed = await POST(delivery(payload, signature));
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toEqual({ error: "replayed" });
    expect(await t.prisma.payment.count({ where: { orderId: started.orderId, status: "CAPTURED" } })).toBe(1);
    await expectAuditClean(t.prisma);
  });
});
