// The shape of a discount the checkout saga's DISCOUNTS step claims (lib/checkout/discounts.ts
// lists them: flash-sale slots, then coupons). Types only, so the claimers in lib/flash-sales
// and lib/coupons can implement it without importing the module that imports them.
import type { SagaRow } from "@/lib/checkout/saga-store";
import type { Tx } from "@/lib/db/prisma";

export interface DiscountClaimer {
  name: string;
  /** Claims what the order is entitled to and adds it to order_items.discount_cents; returns the cents taken off. */
  claim(tx: Tx, saga: SagaRow): Promise<{ discountCents: number; detail?: Record<string, unknown> }>;
  /** Gives back what claim took for this order (idempotent: a second call finds nothing to release). */
  release(tx: Tx, saga: SagaRow): Promise<void>;
  /** The order was paid (CONFIRM, same transaction): what claim took is kept for good. */
  consume?(tx: Tx, saga: SagaRow): Promise<void>;
}
