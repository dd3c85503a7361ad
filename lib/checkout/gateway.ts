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
  /** The browser's token for the card: a ConfirmationToken (ctoken_…) or a PaymentMethod (pm_…). Never a card number. */
  paymentMethod: string;
  customerEmail: string | null;
  /** Where the bank's check sends the customer back: the order's page, absolute. */
  returnUrl: string;
}

export type ChargeOutcome =
  | { status: "succeeded"; intentId: string; brand: string | null; last4: string | null }
  /** Accepted; the result arrives later, by webhook (or by asking). */
  | { status: "processing"; intentId: string }
  /** The bank asks the customer to confirm (3-D Secure): the answer arrives by webhook (or by asking). */
  | { status: "requires_action"; intentId: string }
  | { status: "declined"; intentId: string | null; declineCode: string; message: string }
  /** The provider refused the token itself: nothing was charged. */
  | { status: "refused"; intentId: null; code: string; message: string }
  /** The provider did not answer (timeout, network, 5xx): it may or may not have charged. */
  | { status: "unknown"; intentId: string | null };

export type RefundOutcome =
  { status: "refunded"; refundId: string | null } | { status: "refused"; message: string } | { status: "unknown" };

/** A refund as the provider holds it. */
export interface ProviderRefund {
  refundId: string;
  amountCents: number;
  /** succeeded, pending, failed, canceled, requires_action. */
  status: string;
  /** Our refund's id when we asked for it (its metadata); null for one made in the provider's dashboard. */
  ours: string | null;
}

export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /** Asks the provider what became of a charge whose answer was lost or is still waiting (same idempotency key). */
  lookup(request: ChargeRequest, intentId: string | null): Promise<ChargeOutcome>;
  /** Gives up on a charge still waiting on the bank's check: cancels it, and says what it ended as. */
  abandon(request: ChargeRequest, intentId: string): Promise<ChargeOutcome>;
  /** Refunds `amountCents` of a captured charge (all of it when absent), once per idempotency key. */
  refund(intentId: string, idempotencyKey: string, options?: { amountCents?: number; refundId?: string }): Promise<RefundOutcome>;
  /** Every refund the provider holds for a charge: what a charge.refunded event is reconciled against. */
  listRefunds(intentId: string): Promise<ProviderRefund[]>;
}
