// What a coupon takes off: one rule for the checkout's preview (the cart) and for the saga's
// redemption (the order). The coupon applies to the lines in its scope (one listing, or every
// listing of the campaign's shop), after any sale price; the minimum order is measured on that
// same amount. The discount is spread over the lines in proportion, to the cent, never more
// than a line costs.
import { refuse, type Refusal } from "@/lib/steps/result";

export interface CampaignTerms {
  discountPercent: number | null;
  amountOffCents: number | null;
  minOrderCents: number;
}

export interface DueLine {
  id: string;
  /** What the line costs now: quantity x unit price, minus discounts already on it. */
  dueCents: number;
  inScope: boolean;
}

export type CouponTermsResult =
  | { ok: true; discountCents: number; lines: { id: string; discountCents: number }[] }
  | Refusal<"not-in-scope">
  | Refusal<"below-minimum", { minOrderCents: number; scopeCents: number }>;

export function applyCouponTerms(terms: CampaignTerms, lines: DueLine[]): CouponTermsResult {
  const scoped = lines.filter((line) => line.inScope && line.dueCents > 0);
  const base = scoped.reduce((sum, line) => sum + line.dueCents, 0);
  if (scoped.length === 0) return refuse("not-in-scope");
  if (base < terms.minOrderCents) return refuse("below-minimum", { minOrderCents: terms.minOrderCents, scopeCents: base });
  const wanted = terms.discountPercent !== null ? Math.round((base * terms.discountPercent) / 100) : (terms.amountOffCents ?? 0);
  const total = Math.min(wanted, base);

  // Proportional shares rounded down, then the cents left over to the largest lines first.
  const shares = scoped.map((line) => ({ id: line.id, due: line.dueCents, discountCents: Math.floor((total * line.dueCents) / base) }));
  let left = total - shares.reduce((sum, share) => sum + share.discountCents, 0);
  for (const share of [...shares].sort((a, b) => b.due - a.due)) {
    if (left === 0) break;
    const extra = Math.min(left, share.due - share.discountCents);
    share.discountCents += extra;
    left -= extra;
  }
  return {
    ok: true,
    discountCents: total,
    lines: shares.filter((share) => share.discountCents > 0).map(({ id, discountCents }) => ({ id, discountCents })),
  };
}
