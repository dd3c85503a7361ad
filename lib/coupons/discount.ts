// Coupons at the checkout saga's DISCOUNTS seam (lib/checkout/discounts.ts), after sale prices.
import { z } from "zod";
import type { DiscountClaimer } from "@/lib/checkout/discount-claimer";
import type { SagaRow } from "@/lib/checkout/saga-store";
import { releaseCoupons, redeemCoupon } from "@/lib/coupons/redeem";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";

/**
 * The code chosen at checkout. Paying an order again after a declined card starts a new saga
 * without the form's fields: it applies the coupon the order's first checkout chose (which that
 * checkout's compensation gave back to this same customer).
 */
async function couponCodeOf(tx: Tx, saga: SagaRow): Promise<string | null> {
  if (saga.context.couponCode) return saga.context.couponCode;
  const earlier = await sqlRow(
    tx,
    z.object({ code: col.text }),
    Prisma.sql`
    SELECT context->>'couponCode' AS code FROM checkout_sagas
     WHERE order_id = ${saga.orderId}::uuid AND id <> ${saga.id}::uuid AND context->>'couponCode' IS NOT NULL
     ORDER BY created_at DESC LIMIT 1`,
  );
  return earlier?.code ?? null;
}

export const couponDiscount: DiscountClaimer = {
  name: "coupon",
  async claim(tx, saga) {
    const code = await couponCodeOf(tx, saga);
    if (!code) return { discountCents: 0 };
    const redeemed = await redeemCoupon(tx, { orderId: saga.orderId, userId: saga.userId, code });
    if (!redeemed.ok) return { discountCents: 0, detail: { code, refused: redeemed.reason } };
    return {
      discountCents: redeemed.discountCents,
      detail: { code, sequence: redeemed.sequence, campaignId: redeemed.campaignId, discountCents: redeemed.discountCents },
    };
  },
  async release(tx, saga) {
    await releaseCoupons(tx, saga.orderId);
  },
};
