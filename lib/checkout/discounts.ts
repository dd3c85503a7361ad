// The saga's DISCOUNTS step: the seam where flash-sale slots and first-come coupons are
// claimed for an order (and given back when the checkout fails before the pivot, or kept for
// good when it is paid). Each claimer runs inside the step's transaction, so a claim commits
// with the step record. The claimers are listed here rather than registering themselves from
// their own modules: wherever the saga runs (an action, a webhook, the recovery sweep, a test),
// importing the orchestrator brings them along. Their shape is lib/checkout/discount-claimer.ts,
// which imports nothing of theirs, so no import runs in a circle.
import type { DiscountClaimer } from "@/lib/checkout/discount-claimer";
import type { SagaRow } from "@/lib/checkout/saga-store";
import { couponDiscount } from "@/lib/coupons/discount";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { flashSaleDiscount } from "@/lib/flash-sales/discount";

// In claiming order: sale prices first, then a coupon on what is left to pay.
const claimers: DiscountClaimer[] = [flashSaleDiscount, couponDiscount];

export async function claimDiscounts(tx: Tx, saga: SagaRow): Promise<{ discountCents: number; applied: Record<string, unknown> }> {
  // The lines' discounts are this step's output alone: paying an order again runs the step
  // again, from zero, so a slot or coupon won the first time is never counted twice.
  await tx.$executeRaw(Prisma.sql`
    UPDATE order_items SET discount_cents = 0 WHERE order_id = ${saga.orderId}::uuid AND discount_cents <> 0`);
  let discountCents = 0;
  const applied: Record<string, unknown> = {};
  for (const claimer of claimers) {
    const claimed = await claimer.claim(tx, saga);
    discountCents += claimed.discountCents;
    // The journal keeps what was taken, and why a coupon the customer chose was not.
    if (claimed.detail) applied[claimer.name] = claimed.detail;
    else if (claimed.discountCents > 0) applied[claimer.name] = claimed.discountCents;
  }
  return { discountCents, applied };
}

export async function releaseDiscounts(tx: Tx, saga: SagaRow): Promise<void> {
  for (const claimer of [...claimers].reverse()) await claimer.release(tx, saga);
  // What was given back is no longer taken off: an order left payable after a declined card
  // shows (and, paid again, re-claims from) its full price, not a discount it no longer holds.
  await tx.$executeRaw(Prisma.sql`
    WITH cleared AS (
      UPDATE order_items SET discount_cents = 0 WHERE order_id = ${saga.orderId}::uuid AND discount_cents <> 0 RETURNING order_id
    )
    UPDATE orders SET discount_cents = 0, total_cents = subtotal_cents
     WHERE id = ${saga.orderId}::uuid AND status = 'PENDING_PAYMENT' AND discount_cents <> 0`);
}

/** CONFIRM's part: the paid order keeps its slots (CONSUMED). */
export async function consumeDiscounts(tx: Tx, saga: SagaRow): Promise<void> {
  for (const claimer of claimers) await claimer.consume?.(tx, saga);
}
