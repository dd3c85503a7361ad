// What the checkout saga needs from a payment provider, and nothing more. The implementation
// (lib/checkout/stripe-gateway.ts) goes through the official Stripe SDK, over our in-process
// simulator when no key is set; tests may pass their own to inject faults.

export interface ChargeRequest {
  /** Derived from the order and the payment attempt: a retry or a double click replays, never charges twice. */
  idempotencyKey: string;
  orderId: string;
  /** 1 for the checkout that created the order, 2.. for each "pay again". */
  attempt: number;
  sagaId: string;
  amountCents: number;
  currency: string;
  /** A provider payment method token (never a card number). */
  paymentMethod: string;
  customerEmail: string | null;
}

export type ChargeOutcome =
  | { status: "succeeded"; intentId: string; brand: string | null; last4: string | null }
  /** Accepted; the result arrives later, by webhook (or by asking). */
  | { status: "processing"; intentId: string }
  | { status: "declined"; intentId: string | null; declineCode: string; message: string }
  /** The provider did not answer (timeout, network, 5xx): it may or may not have charged. */
  | { status: "unknown"; intentId: string | null };

export type RefundOutcome = { status: "refunded" } | { status: "unknown" };

export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /** Asks the provider what became of a charge whose answer was lost (same idempotency key). */
  lookup(request: ChargeRequest, intentId: string | null): Promise<ChargeOutcome>;
  refund(intentId: string, idempotencyKey: string): Promise<RefundOutcome>;
}
