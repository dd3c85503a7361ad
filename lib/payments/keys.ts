// The idempotency key of one charge attempt, shared by the checkout saga (its payments row) and
// lib/payments (the provider's requests add `:create`, `:confirm`, `:cancel`): one per order and
// attempt, so a replay never charges twice and a new card is a new attempt.
export function paymentKey(orderId: string, attempt: number): string {
  return `order:${orderId}:attempt:${attempt}`;
}
