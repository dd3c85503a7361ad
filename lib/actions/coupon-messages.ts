// Words for why a coupon cannot be used, spoken by the checkout action and shared with any
// other form that takes a code. A plain module: a "use server" file may export async functions only.
import type { CouponCheck } from "../coupons/redeem";
import { formatMoney } from "../format";

export function couponRefusalMessage(refusal: Extract<CouponCheck, { ok: false }>): string {
  switch (refusal.reason) {
    case "unknown-code":
      return "We do not know this code among your coupons. Pick one from your coupons, or check for typos.";
    case "already-used":
      return "This coupon has already been used.";
    case "not-started":
      return "This coupon is not valid yet.";
    case "expired":
      return "This coupon has expired.";
    case "not-in-scope":
      return "This coupon does not apply to anything in your cart.";
    case "below-minimum":
      return `This coupon needs an order of ${formatMoney(refusal.minOrderCents)} or more of what it applies to (you have ${formatMoney(refusal.scopeCents)}).`;
  }
}
