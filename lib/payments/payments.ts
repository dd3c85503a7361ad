// The payment side of checkout, all through the Stripe SDK: charge an order, find out what
// happened when an answer was lost, refund. Expected outcomes are results, never exceptions;
// only misconfiguration and programming errors (a bad key, an idempotency key reused with other
// parameters) throw.
//
// A charge is two requests, each under an idempotency key derived from the order and attempt:
// create the PaymentIntent (amount, currency, order metadata: no card data), then confirm it
// with the token the browser got for the card: a ConfirmationToken from Stripe's Payment
// Element, or a test PaymentMethod from the test-card picker. No card number ever reaches this
// server. The create carries only what the order itself holds, so after a crash or a lost
// answer `findPayment` can re-issue it with the same key and Stripe replays the same intent,
// whose status then says what happened. A new card is a new attempt. A bank that wants the
// customer to confirm (3-D Secure) leaves the intent waiting: `nextAction` says where to send
// the customer.
import "server-only";
import Stripe from "stripe";
import type { ProviderRefund } from "@/lib/checkout/gateway";
import { paymentKey } from "@/lib/payments/keys";
import { paymentsClient } from "@/lib/payments/stripe-client";
import { testCardByPaymentMethod } from "@/lib/payments/test-cards";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";

/** What identifies a charge: the same values must be given to every call about it. */
export interface PaymentRequest {
  orderId: string;
  /** 1 for the first try; each retry with another card is the next attempt. */
  attempt: number;
  /** In the currency's smallest unit; Stripe refuses less than 50. */
  amountCents: number;
  currency: string;
  customerEmail: string;
}

export interface ChargeOrderInput extends PaymentRequest {
  /** The browser's token for the card: a ConfirmationToken (ctoken_…) or a PaymentMethod (pm_…). */
  paymentMethod: string;
  /** Where the bank's check (3-D Secure) sends the customer back: the order's page, absolute. */
  returnUrl: string;
}

export interface PaymentOptions {
  stripe?: Stripe;
}

export type Captured = Ok<{ status: "succeeded" | "processing"; intentId: string; last4: string | null; brand: string | null }>;
/** The bank asks the customer to confirm (3-D Secure): nothing is charged until they do. */
export type ActionRequired = Refusal<"requires_action", { intentId: string }>;
export type Declined = Refusal<"declined", { declineCode: string; message: string; intentId?: string }>;
/** The provider refused the request itself (or the card is not a test card): nothing was charged. */
export type Rejected = Refusal<"rejected", { code: string; message: string }>;
/** No answer (timeout, network, 5xx, rate limit): ask `findPayment` before deciding anything. */
export type Unknown = Refusal<"unknown", { intentId?: string }>;
export type NotCharged = Refusal<"not_charged", { intentId?: string }>;
export type Unconfirmed = Refusal<"unconfirmed", { intentId: string }>;

export type ChargeResult = Captured | ActionRequired | Declined | Rejected | Unknown;
export type FindPaymentResult = Captured | ActionRequired | Declined | NotCharged | Unconfirmed | Unknown;
export type RefundResult =
  | Ok<{ refundId: string | null; status: "succeeded" | "pending" | "already_refunded" }>
  | Refusal<"not_refundable", { code: string; message: string }>
  | Refusal<"unknown">;

/** Charges an order once per attempt, however often it is called. */
export async function chargeOrder(input: ChargeOrderInput, options: PaymentOptions = {}): Promise<ChargeResult> {
  const stripe = options.stripe ?? paymentsClient();
  const key = paymentKey(input.orderId, input.attempt);
  let intentId: string;
  try {
    intentId = (await stripe.paymentIntents.create(intentParams(input), { idempotencyKey: `${key}:create` })).id;
  } catch (error) {
    return failure(error);
  }
  try {
    const intent = await stripe.paymentIntents.confirm(intentId, confirmParams(input), { idempotencyKey: `${key}:confirm` });
    const found = describe(intent);
    if (found.ok || found.reason === "declined" || found.reason === "requires_action") return found;
    return refuse("unknown", { intentId });
  } catch (error) {
    return failure(error, intentId);
  }
}

/** Confirming with the browser's token: a ConfirmationToken from the Payment Element, or a PaymentMethod. */
function confirmParams(input: ChargeOrderInput): Stripe.PaymentIntentConfirmParams {
  const token = input.paymentMethod.startsWith("ctoken_")
    ? { confirmation_token: input.paymentMethod }
    : { payment_method: input.paymentMethod };
  return { ...token, return_url: input.returnUrl, expand: ["payment_method"] };
}

export type NextAction = { kind: "redirect"; url: string } | { kind: "stripe-js"; clientSecret: string };

/**
 * What the customer must do for an intent waiting on the bank's check: follow a link (the
 * simulator's challenge page, or a bank's page), or let Stripe.js handle it with the intent's
 * client secret. Null when the intent no longer waits. Only ever shown to the order's customer.
 */
export async function nextAction(intentId: string, options: PaymentOptions = {}): Promise<NextAction | null> {
  const stripe = options.stripe ?? paymentsClient();
  try {
    const intent = await stripe.paymentIntents.retrieve(intentId);
    if (intent.status !== "requires_action") return null;
    const url = intent.next_action?.redirect_to_url?.url;
    if (url) return { kind: "redirect", url };
    return intent.client_secret ? { kind: "stripe-js", clientSecret: intent.client_secret } : null;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return null;
    throw error;
  }
}

export interface FindPaymentOptions extends PaymentOptions {
  /** The intent, when the caller recorded it; otherwise the create is replayed under its key. */
  intentId?: string;
  /**
   * Cancel an intent that was never completed (not confirmed, declined, or still waiting on the
   * bank's check), so that "not charged" stays true: a confirmation still on its way then fails
   * instead of capturing. Only for a caller that knows no `chargeOrder` of this attempt is still
   * running (the recovery sweep, after the saga's lease lapsed), or that gives up on the bank's
   * check; never from a webhook.
   */
  cancelUnconfirmed?: boolean;
}

/** Asks the provider what became of an attempt whose result is unknown (or is waiting). */
export async function findPayment(request: PaymentRequest, options: FindPaymentOptions = {}): Promise<FindPaymentResult> {
  const stripe = options.stripe ?? paymentsClient();
  const key = paymentKey(request.orderId, request.attempt);
  try {
    let intent = await locate(stripe, request, key, options.intentId);
    let found = describe(intent);
    if (found.ok || found.reason === "not_charged" || !options.cancelUnconfirmed) return found;
    try {
      intent = await stripe.paymentIntents.cancel(
        intent.id,
        { cancellation_reason: "abandoned", expand: ["payment_method"] },
        { idempotencyKey: `${key}:cancel` },
      );
    } catch (error) {
      // Confirmed in the meantime: its status now answers.
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      intent = await stripe.paymentIntents.retrieve(intent.id, { expand: ["payment_method"] });
    }
    found = describe(intent);
    return found.ok || (found.reason !== "unconfirmed" && found.reason !== "requires_action")
      ? found
      : refuse("unknown", { intentId: intent.id });
  } catch (error) {
    const answer = failure(error, options.intentId);
    // The create itself is refused (as it was the first time, with the same parameters).
    if (answer.reason === "rejected") return refuse("not_charged", {});
    return answer;
  }
}

/** Refunds a captured payment, in full or `amountCents` of it, once per idempotency key. */
export async function refundPayment(
  intentId: string,
  idempotencyKey: string,
  options: PaymentOptions & { amountCents?: number; metadata?: Record<string, string> } = {},
): Promise<RefundResult> {
  const stripe = options.stripe ?? paymentsClient();
  try {
    const refund = await stripe.refunds.create(
      {
        payment_intent: intentId,
        ...(options.amountCents ? { amount: options.amountCents } : {}),
        ...(options.metadata ? { metadata: options.metadata } : {}),
      },
      { idempotencyKey },
    );
    if (refund.status === "failed" || refund.status === "canceled") {
      return refuse("not_refundable", {
        code: `refund_${refund.status}`,
        message: refund.failure_reason ?? "The refund did not go through.",
      });
    }
    return ok({ refundId: refund.id, status: refund.status === "succeeded" ? "succeeded" : "pending" });
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "charge_already_refunded") {
      return ok({ refundId: null, status: "already_refunded" });
    }
    const answer = failure(error);
    if (answer.reason === "unknown") return refuse("unknown");
    if (answer.reason === "rejected") return refuse("not_refundable", { code: answer.code, message: answer.message });
    throw error;
  }
}

/** Every refund the provider holds for a payment: what a charge.refunded event is reconciled against. */
export async function listRefunds(intentId: string, options: PaymentOptions = {}): Promise<ProviderRefund[]> {
  const stripe = options.stripe ?? paymentsClient();
  const refunds: ProviderRefund[] = [];
  for await (const refund of stripe.refunds.list({ payment_intent: intentId, limit: 100 })) {
    refunds.push({
      refundId: refund.id,
      amountCents: refund.amount,
      status: refund.status ?? "pending",
      ours: refund.metadata?.refund_id ?? null,
    });
  }
  return refunds;
}

function intentParams(request: PaymentRequest): Stripe.PaymentIntentCreateParams {
  return {
    amount: request.amountCents,
    currency: request.currency.toLowerCase(),
    // Cards only, confirmed by the server: no redirecting payment method needs a return_url.
    allowed_payment_method_types: ["card"],
    // Stripe refuses an empty address; a missing one just sends no receipt.
    ...(request.customerEmail ? { receipt_email: request.customerEmail } : {}),
    description: `Order ${request.orderId}`,
    metadata: { order_id: request.orderId, attempt: String(request.attempt) },
  };
}

/** The attempt's intent: by id when known, else by replaying its create (a 404 id falls back too). */
async function locate(stripe: Stripe, request: PaymentRequest, key: string, intentId?: string): Promise<Stripe.PaymentIntent> {
  if (intentId) {
    try {
      return await stripe.paymentIntents.retrieve(intentId, { expand: ["payment_method"] });
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing")) throw error;
    }
  }
  const created = await stripe.paymentIntents.create(intentParams(request), { idempotencyKey: `${key}:create` });
  return stripe.paymentIntents.retrieve(created.id, { expand: ["payment_method"] });
}

/** What an intent's status means for the order. */
function describe(intent: Stripe.PaymentIntent): FindPaymentResult {
  const error = intent.last_payment_error;
  switch (intent.status) {
    case "succeeded":
    case "processing":
      return ok({ status: intent.status === "succeeded" ? "succeeded" : "processing", intentId: intent.id, ...cardOf(intent) });
    case "canceled":
      return error?.decline_code || error?.code
        ? refuse("declined", {
            declineCode: error.decline_code ?? error.code ?? "card_declined",
            message: error.message ?? "",
            intentId: intent.id,
          })
        : refuse("not_charged", { intentId: intent.id });
    case "requires_payment_method":
      if (error)
        return refuse("declined", {
          declineCode: error.decline_code ?? error.code ?? "card_declined",
          message: error.message ?? "",
          intentId: intent.id,
        });
      return refuse("unconfirmed", { intentId: intent.id });
    case "requires_action":
      return refuse("requires_action", { intentId: intent.id });
    case "requires_confirmation":
      return refuse("unconfirmed", { intentId: intent.id });
    default:
      // requires_capture: we capture automatically, so this is not a state we expect to see.
      return refuse("unknown", { intentId: intent.id });
  }
}

/** Only the last 4 digits and the brand ever leave lib/payments. */
function cardOf(intent: Stripe.PaymentIntent): { last4: string | null; brand: string | null } {
  const method = intent.payment_method;
  if (method && typeof method === "object" && method.card) return { last4: method.card.last4, brand: method.card.brand };
  const known = typeof method === "string" ? testCardByPaymentMethod(method) : null;
  return known ? { last4: known.last4, brand: known.brand } : { last4: null, brand: null };
}

/** A failed request, as an outcome; throws what no caller can act on. */
function failure(error: unknown, intentId?: string): Declined | Rejected | Unknown {
  const errors = Stripe.errors;
  if (error instanceof errors.StripeCardError) {
    return refuse("declined", {
      declineCode: error.decline_code ?? error.code ?? "card_declined",
      message: error.message,
      ...(intentId ? { intentId } : {}),
    });
  }
  if (
    error instanceof errors.StripeConnectionError ||
    error instanceof errors.StripeAPIError ||
    error instanceof errors.StripeRateLimitError
  ) {
    return refuse("unknown", intentId ? { intentId } : {});
  }
  if (error instanceof errors.StripeIdempotencyError) throw error;
  if (error instanceof errors.StripeInvalidRequestError) {
    return refuse("rejected", { code: error.code ?? "invalid_request", message: error.message });
  }
  throw error;
}
