// What a flash sale gives and when: one definition, used by the claim statement, the
// counters and the pages alike. A sale is live from starts_at until ends_at, or until the
// owner ended it early; each slot takes one unit of the listing down to the sale price (or by
// the percentage), rounded to the cent.
import { Prisma } from "@/lib/db/prisma";

export type SaleDiscount = { kind: "percent"; percent: number } | { kind: "price"; salePriceCents: number };

/** SQL: the sale aliased `alias` is giving its discount right now (the database's clock). */
export function saleIsLive(alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`(${a}.starts_at <= now() AND ${a}.ends_at > now() AND ${a}.ended_early_at IS NULL)`;
}

/** SQL: when the sale aliased `alias` stops (its end, or the early end when the owner pressed "End now"). */
export function saleEndsAt(alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`LEAST(${a}.ends_at, COALESCE(${a}.ended_early_at, ${a}.ends_at))`;
}

/** SQL: cents one slot takes off a unit priced `price` (never more than the unit costs, never negative). */
export function saleUnitDiscount(alias: string, price: Prisma.Sql): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`(CASE WHEN ${a}.sale_price_cents IS NOT NULL THEN GREATEST(${price} - ${a}.sale_price_cents, 0)
                          ELSE LEAST(round(${price} * ${a}.discount_percent / 100.0)::int, ${price}) END)`;
}

/** The same rule in TypeScript, for the pages (the charge is always computed by the statement above). */
export function unitDiscountCents(priceCents: number, discount: SaleDiscount): number {
  if (discount.kind === "price") return Math.max(priceCents - discount.salePriceCents, 0);
  return Math.min(Math.round((priceCents * discount.percent) / 100), priceCents);
}

export function saleDiscountOf(row: { discount_percent: number | null; sale_price_cents: number | null }): SaleDiscount {
  if (row.sale_price_cents !== null) return { kind: "price", salePriceCents: row.sale_price_cents };
  return { kind: "percent", percent: row.discount_percent ?? 0 };
}

export type SalePhase = "upcoming" | "live" | "ended";
