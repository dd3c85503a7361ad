// The saga's payment gateway on top of lib/payments (the Stripe SDK, over the in-process
// simulator when no key is set): maps its results onto what the saga decides by.
import "server-only";
import type { ChargeOutcome, ChargeRequest, PaymentGateway } from "@/lib/checkout/gateway";
import { chargeOrder, findPayment, refundPayment, type PaymentOptions } from "@/lib/payments/payments";
import { testCardByPaymentMethod } from "@/lib/payments/test-cards";

export function stripeGateway(options: PaymentOptions = {}): PaymentGateway {
  const charge = async (request: ChargeRequest): Promise<ChargeOutcome> => {
    // The saga keeps the test PaymentMethod, never a number: lib/payments takes the test card it stands for.
    const card = testCardByPaymentMethod(request.paymentMethod);
    if (!card) return { status: "declined", intentId: null, declineCode: "unsupported_card", message: "this card is not accepted" };
    const result = await chargeOrder({ ...paymentRequest(request), card: card.number }, options);
    if (result.ok)
      return result.status === "succeeded"
        ? { status: "succeeded", intentId: result.intentId, brand: result.brand, last4: result.last4 }
        : { status: "processing", intentId: result.intentId };
    if (result.reason === "declined")
      return {
        status: "declined",
        intentId: result.intentId ?? null,
        declineCode: result.declineCode,
        message: declineMessage(result.declineCode, result.message),
      };
    if (result.reason === "rejected") return { status: "declined", intentId: null, declineCode: result.code, message: result.message };
    return { status: "unknown", intentId: result.intentId ?? null };
  };

  return {
    charge,
    async lookup(request, intentId) {
      const found = await findPayment(paymentRequest(request), { ...options, intentId: intentId ?? undefined });
      if (found.ok)
        return found.status === "succeeded"
          ? { status: "succeeded", intentId: found.intentId, brand: found.brand, last4: found.last4 }
          : { status: "processing", intentId: found.intentId };
      if (found.reason === "declined")
        return {
          status: "declined",
          intentId: found.intentId ?? null,
          declineCode: found.declineCode,
          message: declineMessage(found.declineCode, found.message),
        };
      // Never created, or created but not confirmed: the same keys replay what was done and do the rest.
      if (found.reason === "not_charged" || found.reason === "unconfirmed") return charge(request);
      return { status: "unknown", intentId: found.intentId ?? intentId };
    },
    async refund(intentId, idempotencyKey) {
      const refunded = await refundPayment(intentId, idempotencyKey, options);
      return refunded.ok ? { status: "refunded" } : { status: "unknown" };
    },
  };
}

function paymentRequest(request: ChargeRequest) {
  return {
    orderId: request.orderId,
    attempt: request.attempt,
    amountCents: request.amountCents,
    currency: request.currency,
    customerEmail: request.customerEmail ?? "",
  };
}

/** Short words for the order page and the notification ("insufficient funds"). */
function declineMessage(code: string, fallback: string): string {
  const known: Record<string, string> = {
    insufficient_funds: "insufficient funds",
    generic_decline: "the card was declined",
    card_declined: "the card was declined",
    expired_card: "the card has expired",
    authentication_required: "the card needs authentication",
  };
  return known[code] ?? (fallback || "the card was declined");
}
