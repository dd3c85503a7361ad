// The saga's payment gateway on top of lib/payments (the Stripe SDK, over the in-process
// simulator when no key is set): maps its results onto what the saga decides by. The card's
// token passes straight through to the provider.
import "server-only";
import type { ChargeOutcome, ChargeRequest, PaymentGateway } from "@/lib/checkout/gateway";
import { chargeOrder, findPayment, listRefunds, refundPayment, type FindPaymentResult, type PaymentOptions } from "@/lib/payments/payments";

export function stripeGateway(options: PaymentOptions = {}): PaymentGateway {
  const charge = async (request: ChargeRequest): Promise<ChargeOutcome> => {
    const result = await chargeOrder(
      { ...paymentRequest(request), paymentMethod: request.paymentMethod, returnUrl: request.returnUrl },
      options,
    );
    if (result.ok) return captured(result);
    if (result.reason === "requires_action") return { status: "requires_action", intentId: result.intentId };
    if (result.reason === "declined") return declined(result);
    if (result.reason === "rejected") return { status: "refused", intentId: null, code: result.code, message: result.message };
    return { status: "unknown", intentId: result.intentId ?? null };
  };

  /** What a look at the provider says; "never charged" (or created but not confirmed) charges now, under the same keys. */
  const outcomeOf = async (found: FindPaymentResult, request: ChargeRequest, intentId: string | null): Promise<ChargeOutcome> => {
    if (found.ok) return captured(found);
    if (found.reason === "requires_action") return { status: "requires_action", intentId: found.intentId };
    if (found.reason === "declined") return declined(found);
    // Never created, or created but not confirmed: the same keys replay what was done and do the rest.
    if (found.reason === "not_charged" || found.reason === "unconfirmed") return charge(request);
    return { status: "unknown", intentId: found.intentId ?? intentId };
  };

  return {
    charge,
    async lookup(request, intentId) {
      return outcomeOf(await findPayment(paymentRequest(request), { ...options, intentId: intentId ?? undefined }), request, intentId);
    },
    async abandon(request, intentId) {
      const found = await findPayment(paymentRequest(request), { ...options, intentId, cancelUnconfirmed: true });
      if (found.ok) return captured(found);
      if (found.reason === "declined") return declined(found);
      if (found.reason === "not_charged")
        return { status: "declined", intentId, declineCode: "authentication_abandoned", message: "the bank's check was not answered" };
      return { status: "unknown", intentId };
    },
    async refund(intentId, idempotencyKey, refundOptions = {}) {
      const refunded = await refundPayment(intentId, idempotencyKey, {
        ...options,
        amountCents: refundOptions.amountCents,
        metadata: refundOptions.refundId ? { refund_id: refundOptions.refundId } : undefined,
      });
      if (refunded.ok) return { status: "refunded", refundId: refunded.refundId };
      if (refunded.reason === "not_refundable") return { status: "refused", message: refunded.message };
      return { status: "unknown" };
    },

    listRefunds: (intentId) => listRefunds(intentId, options),
  };
}

function captured(result: {
  status: "succeeded" | "processing";
  intentId: string;
  brand: string | null;
  last4: string | null;
}): ChargeOutcome {
  return result.status === "succeeded"
    ? { status: "succeeded", intentId: result.intentId, brand: result.brand, last4: result.last4 }
    : { status: "processing", intentId: result.intentId };
}

function declined(result: { declineCode: string; message: string; intentId?: string }): ChargeOutcome {
  return { status: "declined", intentId: result.intentId ?? null, declineCode: result.declineCode, message: result.message };
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
