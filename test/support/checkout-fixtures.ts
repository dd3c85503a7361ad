// A checkout as the tests run it: the real Stripe SDK over a simulator of its own (so tests
// count the provider's captures), the real saga, a real test database.
import { randomUUID } from "node:crypto";
import { addToCart } from "@/lib/cart/cart-lines";
import type { DriveOptions } from "@/lib/checkout/orchestrator";
import { startCheckout, type CheckoutResult, type StartCheckoutInput } from "@/lib/checkout/start-checkout";
import { stripeGateway } from "@/lib/checkout/stripe-gateway";
import type { Db } from "@/lib/db/prisma";
import { PaymentSimulator } from "@/lib/payments/simulator";
import { createPaymentsClient } from "@/lib/payments/stripe-client";
import { runStep } from "@/lib/steps/run-step";
import { HOUR } from "@/test/support/time";

/** Stripe's test PaymentMethods, as the browser's test-card picker posts them (lib/payments/test-cards.ts). */
export const CARDS = {
  visa: "pm_card_visa",
  declined: "pm_card_visa_chargeDeclined",
  insufficientFunds: "pm_card_visa_chargeDeclinedInsufficientFunds",
  confirmsLater: "pm_card_visa_debit",
  noAnswer: "pm_card_mastercard_debit",
  /** Its bank asks the customer to confirm (3-D Secure). */
  authenticates: "pm_card_authenticationRequired",
} as const;

export function checkoutHarness(overrides: Partial<DriveOptions> = {}) {
  const simulator = new PaymentSimulator({ webhookSecret: `whsec_test_${randomUUID()}`, settleAfterMs: null, autoDeliver: false });
  const stripe = createPaymentsClient({ simulator });
  const options: DriveOptions = {
    gateway: stripeGateway({ stripe }),
    leaseMs: 30_000,
    pollMs: 30_000,
    actionTimeoutMs: 15 * 60_000,
    appUrl: "http://shop.test",
    ...overrides,
  };
  /** Captured payments the provider holds for an order (refunds included). */
  const captures = (orderId: string) => simulator.paymentIntents({ orderId }).filter((intent) => intent.status === "succeeded").length;
  return { simulator, stripe, options, captures };
}

export const SHIPPING = { name: "Test Customer", street: "Mannerheimintie 1", city: "Helsinki", postalCode: "00100", country: "FI" };

export async function fillCart(db: Db, userId: string, lines: [listingId: string, quantity: number][]): Promise<void> {
  for (const [listingId, quantity] of lines) await runStep(db, addToCart, { userId, listingId, quantity, ttlMs: HOUR });
}

/** The saga over the user's cart with the fixture's contact, address and test card; `overrides` adds a coupon, limits and the like. */
export function checkout(
  db: Db,
  userId: string,
  paymentMethod: string,
  options: DriveOptions,
  overrides: Partial<StartCheckoutInput> = {},
): Promise<CheckoutResult> {
  return startCheckout(
    db,
    {
      userId,
      idempotencyKey: randomUUID(),
      continueWithoutSoldOut: false,
      cartTtlMs: HOUR,
      paymentTtlMs: 24 * HOUR,
      contactEmail: "buyer@example.test",
      shippingAddress: SHIPPING,
      card: { paymentMethod },
      ...overrides,
    },
    options,
  );
}

/** The user's cart filled with `lines`, then checked out: the checkout must be accepted (how the card answered is in the result). */
export async function checkoutCart(
  db: Db,
  userId: string,
  lines: [listingId: string, quantity: number][],
  paymentMethod: string,
  options: DriveOptions,
  overrides: Partial<StartCheckoutInput> = {},
): Promise<Extract<CheckoutResult, { ok: true }>> {
  await fillCart(db, userId, lines);
  const result = await checkout(db, userId, paymentMethod, options, overrides);
  if (!result.ok) throw new Error(`checkout refused: ${result.reason}`);
  return result;
}
