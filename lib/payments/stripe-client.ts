// The one place a Stripe SDK client is made. With STRIPE_SECRET_KEY it talks to Stripe; without,
// the very same SDK is handed our simulator as its HTTP client, so development, tests and the
// demo run offline through the code paths production uses. With PAYMENT_SIMULATOR_URL the SDK
// talks over HTTP to one simulator shared by every instance (scripts/payment-simulator-server.ts),
// as it would to Stripe: one instance's PaymentIntents are every instance's.
import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";
import type { BankChallenges } from "@/lib/payments/bank-check";
import { paymentSimulator, type PaymentSimulator } from "@/lib/payments/simulator";
import { remoteBankChallenges } from "@/lib/payments/simulator-client";

export interface PaymentsClientOptions {
  /** A Stripe secret key (`sk_test_...`, `sk_live_...`): talk to Stripe. Without one, a simulator answers. */
  secretKey?: string;
  /** The simulator to talk to when there is no key (default: the process's own). */
  simulator?: PaymentSimulator;
  /** A simulator server's URL (`http://host:port`) to talk to over HTTP instead of the process's own. */
  simulatorUrl?: string;
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
  if (options.simulatorUrl) {
    const url = new URL(options.simulatorUrl);
    const protocol = url.protocol === "https:" ? "https" : "http";
    return new Stripe("sk_test_simulator", {
      ...common,
      maxNetworkRetries: options.maxNetworkRetries ?? 0,
      host: url.hostname,
      port: Number(url.port || (protocol === "https" ? 443 : 80)),
      protocol,
    });
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
  shared ??= createPaymentsClient({ secretKey: env().STRIPE_SECRET_KEY, simulatorUrl: env().PAYMENT_SIMULATOR_URL });
  return shared;
}

/** True when payments go to a simulator (no STRIPE_SECRET_KEY): this process's own, or the shared one. */
export function usingPaymentSimulator(): boolean {
  return !env().STRIPE_SECRET_KEY;
}

/** True when payments go to the simulator inside this process, which then delivers its webhooks in-process too. */
export function usingInProcessSimulator(): boolean {
  return usingPaymentSimulator() && !env().PAYMENT_SIMULATOR_URL;
}

/** Where a customer's answer to the simulated bank's check goes: the shared simulator, or this process's. */
export function simulatedBankChallenges(): BankChallenges {
  const url = env().PAYMENT_SIMULATOR_URL;
  return url ? remoteBankChallenges(url) : paymentSimulator();
}

/** The secret webhook signatures are checked against: Stripe's endpoint secret, or the simulator's. */
export function paymentsWebhookSecret(): string {
  return env().STRIPE_WEBHOOK_SECRET ?? paymentSimulator().webhookSecret;
}
