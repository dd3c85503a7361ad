// The saga's DISCOUNTS step: the seam where flash-sale slots and first-come coupons are
// claimed for an order (and given back when the checkout fails before the pivot). Each
// claimer runs inside the step's transaction, so a claim commits with the step record.
import type { Tx } from "../prisma";
import type { SagaRow } from "./saga-store";

export interface DiscountClaimer {
  name: string;
  /** Claims what the order is entitled to and writes it onto order_items.discount_cents; returns the cents taken off. */
  claim(tx: Tx, saga: SagaRow): Promise<{ discountCents: number; detail?: Record<string, unknown> }>;
  /** Gives back what claim took for this order (idempotent: a second call finds nothing to release). */
  release(tx: Tx, saga: SagaRow): Promise<void>;
}

const claimers: DiscountClaimer[] = [];

/** Flash sales and coupons register themselves here. */
export function registerDiscount(claimer: DiscountClaimer): void {
  if (!claimers.some((existing) => existing.name === claimer.name)) claimers.push(claimer);
}

export async function claimDiscounts(tx: Tx, saga: SagaRow): Promise<{ discountCents: number; applied: Record<string, unknown> }> {
  let discountCents = 0;
  const applied: Record<string, unknown> = {};
  for (const claimer of claimers) {
    const claimed = await claimer.claim(tx, saga);
    discountCents += claimed.discountCents;
    if (claimed.discountCents > 0) applied[claimer.name] = claimed.detail ?? claimed.discountCents;
  }
  return { discountCents, applied };
}

export async function releaseDiscounts(tx: Tx, saga: SagaRow): Promise<void> {
  for (const claimer of [...claimers].reverse()) await claimer.release(tx, saga);
}
