// The app's checkout settings, read once: the payment gateway (Stripe, or the in-process
// simulator with no key) and the saga's lease and polling intervals. With the simulator, its
// signed webhook events are delivered to the same handler the webhook route uses.
import "server-only";
import { db } from "../db";
import { env } from "../env";
import { paymentSimulator } from "../payments/simulator";
import { usingPaymentSimulator } from "../payments/stripe-client";
import { describePaymentEvent, verifyWebhook } from "../payments/webhooks";
import type { DriveOptions } from "./orchestrator";
import { handlePaymentEvent, recordWebhookEvent } from "./payment-events";
import { stripeGateway } from "./stripe-gateway";

let options: DriveOptions | undefined;

export function checkoutOptions(): DriveOptions {
  if (options) return options;
  const settings = env();
  options = { gateway: stripeGateway(), leaseMs: settings.SAGA_LEASE, pollMs: settings.PAYMENT_POLL_INTERVAL };
  if (usingPaymentSimulator()) {
    // In-process delivery, through the same verification as the route. A refused delivery
    // throws, which the simulator treats as failed and retries, as Stripe does with a non-2xx
    // answer; a replay of an event already handled is done with.
    paymentSimulator().setWebhookSink(async ({ payload, signature }) => {
      const answer = await receivePaymentWebhook(payload, signature);
      if (answer.status !== 200 && answer.body.error !== "replayed") throw new Error(`webhook refused: ${String(answer.body.error)}`);
    });
  }
  return options;
}

export type WebhookAnswer = { status: 200 | 400; body: Record<string, unknown> };

/** What the webhook route does with a delivery: verify, then resume the saga the event is about. */
export async function receivePaymentWebhook(rawBody: string, signature: string | null): Promise<WebhookAnswer> {
  const verified = verifyWebhook(rawBody, signature);
  if (!verified.ok) return { status: 400, body: { error: verified.reason } };
  // A signed delivery seen before is a replay: refused, and it changes nothing.
  if (!(await recordWebhookEvent(db(), verified.event.id, verified.event.type))) return { status: 400, body: { error: "replayed" } };
  const event = describePaymentEvent(verified.event);
  if (!event) return { status: 200, body: { received: true, ignored: verified.event.type } };
  const result = await handlePaymentEvent(db(), event, checkoutOptions());
  return { status: 200, body: { received: true, handled: result.handled } };
}
