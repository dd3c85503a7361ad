// Incoming payment events: verified with Stripe's own `constructEvent` (HMAC-SHA256 over
// `${t}.${rawBody}` with the endpoint secret, at most 300 s old), then reduced to what checkout
// needs. An event is a hint, not proof: a handler should ask the provider (`findPayment` with the
// intent id) before acting, and must expect any event twice, late, or before the charge returns.
import "server-only";
import Stripe from "stripe";
import { paymentsWebhookSecret } from "@/lib/payments/stripe-client";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";

export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookResult =
  Ok<{ event: Stripe.Event }> | Refusal<"unsigned"> | Refusal<"bad_signature"> | Refusal<"stale"> | Refusal<"malformed">;

export interface VerifyWebhookOptions {
  /** Default: STRIPE_WEBHOOK_SECRET, or the simulator's. */
  secret?: string;
  /** Receipt time in ms (tests). */
  now?: number;
}

/** Checks a delivery's `Stripe-Signature` against the exact raw body it came with. */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  signatureHeader: string | null | undefined,
  options: VerifyWebhookOptions = {},
): WebhookResult {
  if (!signatureHeader) return refuse("unsigned");
  const secret = options.secret ?? paymentsWebhookSecret();
  try {
    return ok({
      event: Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, WEBHOOK_TOLERANCE_SECONDS, undefined, options.now),
    });
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) return refuse("malformed");
    // Stripe checks the signature before the age: one that holds with no age limit is only old.
    try {
      Stripe.webhooks.signature?.verifyHeader(rawBody, signatureHeader, secret, 0, undefined, options.now);
      return refuse("stale");
    } catch {
      return refuse("bad_signature");
    }
  }
}

export type PaymentEventKind =
  "payment_succeeded" | "payment_processing" | "payment_requires_action" | "payment_failed" | "payment_canceled" | "refunded";

export interface PaymentEvent {
  eventId: string;
  kind: PaymentEventKind;
  intentId: string;
  /** From the intent's metadata; null on events whose object does not carry it. */
  orderId: string | null;
  attempt: number | null;
}

const KINDS: Record<string, PaymentEventKind> = {
  "payment_intent.succeeded": "payment_succeeded",
  "payment_intent.processing": "payment_processing",
  "payment_intent.payment_failed": "payment_failed",
  "payment_intent.canceled": "payment_canceled",
  "payment_intent.requires_action": "payment_requires_action",
  "charge.refunded": "refunded",
  "refund.updated": "refunded",
};

/** The payment facts of a verified event, or null for events checkout does not act on. */
export function describePaymentEvent(event: Stripe.Event): PaymentEvent | null {
  const kind = KINDS[event.type];
  if (!kind) return null;
  const object = event.data.object as { id: string; object: string; payment_intent?: unknown; metadata?: Record<string, string> | null };
  const intentId =
    object.object === "payment_intent" ? object.id : typeof object.payment_intent === "string" ? object.payment_intent : null;
  if (!intentId) return null;
  const attempt = Number(object.metadata?.attempt);
  return {
    eventId: event.id,
    kind,
    intentId,
    orderId: object.metadata?.order_id ?? null,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : null,
  };
}
