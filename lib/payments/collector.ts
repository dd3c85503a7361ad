// How the browser collects the card, decided on the server from the keys: Stripe's Payment
// Element with a publishable key (the card goes from the browser to Stripe, and we receive a
// ConfirmationToken), else the test-card picker, whose choices are Stripe's test
// PaymentMethod ids. Either way the server never sees a card number.
import "server-only";
import { env } from "@/lib/env";

export type PaymentCollector =
  | { kind: "test-cards" }
  | {
      kind: "stripe";
      publishableKey: string;
      /** Test keys: the Payment Element takes Stripe's test card numbers, and the page says so. */
      testMode: boolean;
    };

export function paymentCollector(): PaymentCollector {
  const { STRIPE_PUBLISHABLE_KEY: publishableKey } = env();
  if (!publishableKey) return { kind: "test-cards" };
  return { kind: "stripe", publishableKey, testMode: publishableKey.startsWith("pk_test_") };
}
