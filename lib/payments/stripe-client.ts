// The one place a Stripe SDK client is made. With STRIPE_SECRET_KEY it talks to Stripe; without,
// the very same SDK is handed our simulator as its HTTP client, so development, tests and the
// demo run offline through the code paths production uses.
import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";
import { paymentSimulator, type PaymentSimulator } from "@/lib/payments/simulator";

export interface PaymentsClientOptions {
  /** A Stripe secret key (`sk_test_...`, `sk_live_...`): talk to Stripe. Without one, a simulator answers. */
  secretKey?: string;
  /** The simulator to talk to when there is no key (default: the process's own). */
  simulator?: PaymentSimulator;
  /**
   * Retries of the SDK itself, which reuse the request's idempotency key. Stripe: 2. The
   * simulator: 0, so that its "no answer" card surfaces as an unknown result, which the
   * checkout must handle anyway (the provider can always fail to answer).
   */
  maxNetworkRetries?: number;
  /** Longest wait for one answer (ms); a checkout should not hang for the SDK's default 80 s. */
  timeoutMs?: number;
}

export function createPaymentsClient(options: PaymentsClientOptions = {}): Stripe {
  // telemetry: false also keeps the SDK from writing an id file under the home directory.
  const common = { telemetry: false, timeout: options.timeoutMs ?? 30_000 };
  if (options.secretKey) {
    return new Stripe(options.secretKey, { ...common, maxNetworkRetries: options.maxNetworkRetries ?? 2 });
  }
  const simulator = options.simulator ?? paymentSimulator();
  return new Stripe("sk_test_simulator", {
    ...common,
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    httpClient: Stripe.createFetchHttpClient(simulator.fetch),
  });
}

let shared: Stripe | undefined;

/** The app's client, configured from the environment. */
export function paymentsClient(): Stripe {
  shared ??= createPaymentsClient({ secretKey: env().STRIPE_SECRET_KEY });
  return shared;
}

/** True when payments go to the in-process simulator (no STRIPE_SECRET_KEY). */
export function usingPaymentSimulator(): boolean {
  return !env().STRIPE_SECRET_KEY;
}

/** The secret webhook signatures are checked against: Stripe's endpoint secret, or the simulator's. */
export function paymentsWebhookSecret(): string {
  return env().STRIPE_WEBHOOK_SECRET ?? paymentSimulator().webhookSecret;
}
