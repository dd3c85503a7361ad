// Flash sales at the checkout saga's DISCOUNTS seam (lib/checkout/discounts.ts): claim a slot
// for each sale line, give the slots back when the checkout fails, keep them when it is paid.
import type { DiscountClaimer } from "@/lib/checkout/discount-claimer";
import { claimFlashSlots, consumeFlashSlots, releaseFlashSlots } from "@/lib/flash-sales/slots";

export const flashSaleDiscount: DiscountClaimer = {
  name: "flashSale",
  async claim(tx, saga) {
    const slots = await claimFlashSlots(tx, { orderId: saga.orderId, userId: saga.userId });
    const discountCents = slots.reduce((sum, slot) => sum + slot.discountCents, 0);
    if (slots.length === 0) return { discountCents: 0 };
    return { discountCents, detail: { slots: slots.map((slot) => ({ saleId: slot.saleId, discountCents: slot.discountCents })) } };
  },
  async release(tx, saga) {
    await releaseFlashSlots(tx, saga.orderId);
  },
  async consume(tx, saga) {
    await consumeFlashSlots(tx, saga.orderId);
  },
};
