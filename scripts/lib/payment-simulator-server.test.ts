// The shared payment simulator over real HTTP, as two app instances behind a load balancer use
// it: one instance's PaymentIntents and idempotency keys are the other's, the bank's check is
// answered through the server, and every state change reaches the shop's webhook URL signed
// with the shared secret.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteBankChallenges } from "@/lib/payments/simulator-client";
import { createPaymentsClient } from "@/lib/payments/stripe-client";
import { verifyWebhook } from "@/lib/payments/webhook-events";
import { startSimulatorServer, type SimulatorServer } from "@/scripts/lib/payment-simulator-server";

const SECRET = "whsec_shared_between_instances_0123";
const received: Stripe.Event[] = [];
/** Deliveries the shop answered with an error: the ones the simulator must send again. */
const refused: Stripe.Event[] = [];
let answerWebhooksWith = 200;
let shop: http.Server;
let simulator: SimulatorServer;

beforeAll(async () => {
  shop = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const verified = verifyWebhook(Buffer.concat(chunks).toString("utf8"), request.headers["stripe-signature"] as string, {
        secret: SECRET,
      });
      if (verified.ok) (answerWebhooksWith === 200 ? received : refused).push(verified.event);
      response.writeHead(verified.ok ? answerWebhooksWith : 400).end();
    });
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  simulator = await startSimulatorServer({
    port: 0,
    webhookUrl: `http://127.0.0.1:${(shop.address() as AddressInfo).port}/api/webhooks/stripe`,
    webhookSecret: SECRET,
    settleAfterMs: 200,
  });
});

afterAll(async () => {
  await simulator?.stop();
  await new Promise((resolve) => shop?.close(resolve));
});

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
const eventsOf = (intentId: string) =>
  received.filter((event) => (event.data.object as { id?: string }).id === intentId).map((event) => event.type);

describe("the payment simulator server (PAYMENT_SIMULATOR_URL)", () => {
  it("is one account for every instance: a key replayed on another instance charges once", async () => {
    const one = createPaymentsClient({ simulatorUrl: simulator.url });
    const two = createPaymentsClient({ simulatorUrl: simulator.url });
    const params = {
      amount: 1_250,
      currency: "eur",
      payment_method: "pm_card_visa",
      confirm: true,
      metadata: { order_id: "o1", attempt: "1" },
    };
    const first = await one.paymentIntents.create(params, { idempotencyKey: "order:o1:attempt:1" });
    const again = await two.paymentIntents.create(params, { idempotencyKey: "order:o1:attempt:1" });
    expect(first.status).toBe("succeeded");
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await two.paymentIntents.retrieve(first.id)).status).toBe("succeeded");
    expect(simulator.simulator.paymentIntents({ orderId: "o1" })).toHaveLength(1);
    await waitFor(() => eventsOf(first.id).includes("payment_intent.succeeded"));
  });

  it("takes the bank's check through its own endpoint, then tells the shop by webhook", async () => {
    const client = createPaymentsClient({ simulatorUrl: simulator.url });
    const intent = await client.paymentIntents.create(
      {
        amount: 900,
        currency: "eur",
        payment_method: "pm_card_authenticationRequired",
        confirm: true,
        return_url: "http://shop/orders/o2",
      },
      { idempotencyKey: "order:o2:attempt:1" },
    );
    expect(intent.status).toBe("requires_action");
    const bank = remoteBankChallenges(simulator.url);
    expect(await bank.answerChallenge(intent.id, true)).toEqual({ returnUrl: "http://shop/orders/o2" });
    expect(await bank.answerChallenge(intent.id, true)).toBeNull();
    expect(await bank.answerChallenge("pi_unknown", true)).toBeNull();
    expect((await client.paymentIntents.retrieve(intent.id)).status).toBe("succeeded");
    await waitFor(() => eventsOf(intent.id).includes("payment_intent.succeeded"));
  });

  it("loses an answer on the wire as the 'no answer' card asks, and delivers a refused webhook again", async () => {
    const client = createPaymentsClient({ simulatorUrl: simulator.url });
    const lost = client.paymentIntents.create(
      { amount: 500, currency: "eur", payment_method: "pm_card_mastercard_debit", confirm: true, metadata: { order_id: "o3" } },
      { idempotencyKey: "order:o3:attempt:1" },
    );
    await expect(lost).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    const [charged] = simulator.simulator.paymentIntents({ orderId: "o3" });
    expect(charged?.status).toBe("succeeded");

    answerWebhooksWith = 503;
    const later = await client.paymentIntents.create(
      { amount: 700, currency: "eur", payment_method: "pm_card_visa_debit", confirm: true },
      { idempotencyKey: "order:o4:attempt:1" },
    );
    expect(later.status).toBe("processing");
    // The success is delivered and refused at least once (on a busy machine it may take a while) ...
    await waitFor(() =>
      refused.some((event) => event.type === "payment_intent.succeeded" && (event.data.object as { id?: string }).id === later.id),
    );
    answerWebhooksWith = 200;
    // Retried with backoff (1 s, 2 s, ...) until the shop answers 2xx.
    await waitFor(() => eventsOf(later.id).includes("payment_intent.succeeded"));
  });
});
