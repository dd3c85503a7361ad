// Words for discounts, shared by the owner's and the customer's pages.
import type { SaleDiscount } from "@/lib/flash-sales/sale-terms";
import { formatMoney } from "@/lib/format";

export function describeSaleDiscount(discount: SaleDiscount, currency: string): string {
  return discount.kind === "percent" ? `${discount.percent}% off` : `${formatMoney(discount.salePriceCents, currency)} sale price`;
}

export function describeCouponTerms(terms: { discountPercent: number | null; amountOffCents: number | null }): string {
  return terms.discountPercent !== null ? `${terms.discountPercent}% off` : `${formatMoney(terms.amountOffCents ?? 0)} off`;
}

export function describeCouponScope(campaign: { shopName: string; scope: { title: string } | null; minOrderCents: number }): string {
  const where = campaign.scope ? `on ${campaign.scope.title} at ${campaign.shopName}` : `on everything at ${campaign.shopName}`;
  return campaign.minOrderCents > 0 ? `${where}, for orders of ${formatMoney(campaign.minOrderCents)} or more` : where;
}

/** Closes a sentence with a full stop, unless it already ends in one ("… at Northern Supply Co."). */
export function endSentence(text: string): string {
  return text.endsWith(".") ? text : `${text}.`;
}
