// Whether the shop takes test payments: the in-process simulator, or Stripe with a test key.
// Only then are test cards worth listing to the customer (checkout and order pages).
import "server-only";
import { env } from "@/lib/env";
import { usingPaymentSimulator } from "@/lib/payments/stripe-client";

export function paymentsInTestMode(): boolean {
  return (
    usingPaymentSimulator() || Boolean(env().STRIPE_SECRET_KEY?.startsWith("sk_test_") || env().STRIPE_SECRET_KEY?.startsWith("rk_test_"))
  );
}
