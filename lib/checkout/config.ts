// The app's checkout settings, read once: the payment gateway (Stripe, or the in-process
// simulator with no key) and the saga's lease and polling intervals. With the in-process
// simulator, its signed webhook events are delivered to the same handler the webhook route uses
// (lib/checkout/webhook.ts).
import "server-only";
import type { DriveOptions } from "@/lib/checkout/orchestrator";
import { stripeGateway } from "@/lib/checkout/stripe-gateway";
import { receivePaymentWebhook } from "@/lib/checkout/webhook";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { paymentSimulator } from "@/lib/payments/simulator";
import { usingInProcessSimulator } from "@/lib/payments/stripe-client";

let options: DriveOptions | undefined;

export function checkoutOptions(): DriveOptions {
  if (options) return options;
  const settings = env();
  const ready: DriveOptions = {
    gateway: stripeGateway(),
    leaseMs: settings.SAGA_LEASE,
    pollMs: settings.PAYMENT_POLL_INTERVAL,
    actionTimeoutMs: settings.PAYMENT_ACTION_TIMEOUT,
    appUrl: settings.NEXTAUTH_URL ?? "http://localhost:3000",
  };
  options = ready;
  // The shared simulator server (PAYMENT_SIMULATOR_URL) posts its webhooks to the route instead.
  if (usingInProcessSimulator()) {
    // In-process delivery, through the same verification as the route. A refused delivery
    // throws, which the simulator treats as failed and retries, as Stripe does with any answer
    // but a 2xx (an event already handled answers 200).
    paymentSimulator().setWebhookSink(async ({ payload, signature }) => {
      const answer = await receivePaymentWebhook(db(), ready, payload, signature);
      if (answer.status !== 200) throw new Error(`webhook refused: ${String(answer.body.error)}`);
    });
  }
  return ready;
}
