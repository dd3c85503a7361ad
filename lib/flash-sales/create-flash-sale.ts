// An owner's flash sales: creating one and ending it early. Both are single statements scoped
// by the owner's shop in SQL (another shop's listing or sale reads as not found). Not marked
// server-only: the demo seed (a plain Node script) creates its sales through the same step.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";
import { insertDropSql } from "@/lib/drops/create-drop";
import type { DropSettings } from "@/lib/drops/schemas";
import type { CreateFlashSaleData } from "@/lib/flash-sales/schemas";
import { ok, refuse, type Refusal } from "@/lib/steps/result";

export type CreateFlashSaleResult =
  | { ok: true; saleId: string; dropId: string | null }
  | Refusal<"not-found" | "ends-in-past">
  | Refusal<"slots-above-stock", { onHand: number }>
  | Refusal<"price-not-lower", { priceCents: number; currency: string }>
  | Refusal<"overlaps", { startsAt: Date; endsAt: Date }>;

const createdRow = z.object({
  sale_id: col.nullableText,
  drop_id: col.nullableText,
  found: col.bool,
  on_hand: col.nullableInt,
  price_cents: col.nullableInt,
  currency: col.nullableText,
  ends_in_past: col.bool,
});

/**
 * K is checked against the units on hand now (a slot is one discounted unit: more slots than
 * units would promise discounts nobody can get). "No two sales of one listing overlap" is the
 * exclusion constraint's job: ON CONFLICT DO NOTHING turns a clash — with a committed sale, or
 * one being created at this very moment — into no row instead of an error, with no lock here.
 * A drop (a waiting room in front of the start) is created with the sale, in the same statement.
 */
export async function createFlashSale(
  tx: Tx,
  input: Omit<CreateFlashSaleData, "drop"> & { drop?: DropSettings | null; shopId: string },
): Promise<CreateFlashSaleResult> {
  const percent = input.discount.kind === "percent" ? input.discount.percent : null;
  const salePrice = input.discount.kind === "price" ? input.discount.salePriceCents : null;
  const row = await sqlRow(
    tx,
    createdRow,
    Prisma.sql`
    WITH listing AS (
      SELECT id, on_hand, price_cents, currency FROM listings
       WHERE id = ${input.listingId}::uuid AND shop_id = ${input.shopId}::uuid
    ), inserted AS (
      INSERT INTO flash_sales (id, listing_id, slots, discount_percent, sale_price_cents, starts_at, ends_at)
      SELECT gen_random_uuid(), id, ${input.slots}::int, ${percent}::int, ${salePrice}::int, ${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz
        FROM listing
       WHERE ${input.slots}::int <= on_hand AND (${salePrice}::int IS NULL OR ${salePrice}::int < price_cents) AND ${input.endsAt}::timestamptz > now()
      ON CONFLICT DO NOTHING
      RETURNING id, listing_id, starts_at
    ), dropped AS (
      ${insertDropSql(input.drop, { cte: "inserted", subject: "flash-sale", shopId: input.shopId })}
    )
    SELECT (SELECT id::text FROM inserted) AS sale_id, (SELECT id::text FROM dropped) AS drop_id, EXISTS (SELECT 1 FROM listing) AS found,
           (SELECT on_hand FROM listing) AS on_hand, (SELECT price_cents FROM listing) AS price_cents,
           (SELECT currency FROM listing) AS currency, ${input.endsAt}::timestamptz <= now() AS ends_in_past`,
  );
  if (row?.sale_id) return ok({ saleId: row.sale_id, dropId: row.drop_id });
  if (!row?.found) return refuse("not-found");
  if (row.ends_in_past) return refuse("ends-in-past");
  if (input.slots > (row.on_hand ?? 0)) return refuse("slots-above-stock", { onHand: row.on_hand ?? 0 });
  if (salePrice !== null && salePrice >= (row.price_cents ?? 0)) {
    return refuse("price-not-lower", { priceCents: row.price_cents ?? 0, currency: row.currency ?? "EUR" });
  }
  // Nothing else stops the insert: it met another sale of this listing. Name it for the owner.
  const other = await sqlRow(
    tx,
    z.object({ starts_at: col.time, ends_at: col.time }),
    Prisma.sql`
    SELECT starts_at, LEAST(ends_at, COALESCE(ended_early_at, ends_at)) AS ends_at FROM flash_sales
     WHERE listing_id = ${input.listingId}::uuid
       AND tstzrange(starts_at, GREATEST(starts_at, LEAST(ends_at, COALESCE(ended_early_at, ends_at)))) && tstzrange(${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz)
     ORDER BY starts_at LIMIT 1`,
  );
  return refuse("overlaps", { startsAt: other?.starts_at ?? input.startsAt, endsAt: other?.ends_at ?? input.endsAt });
}

export type EndFlashSaleResult = { ok: true } | Refusal<"not-found" | "already-ended">;

/**
 * "End now": no checkout claims a slot from here on. Checkouts that already hold a slot keep
 * it (they won it); a released slot is simply not given again.
 */
export async function endFlashSale(tx: Tx, input: { shopId: string; saleId: string }): Promise<EndFlashSaleResult> {
  const row = await sqlRow(
    tx,
    z.object({ ended: col.bool, found: col.bool }),
    Prisma.sql`
    WITH sale AS (
      SELECT fs.id FROM flash_sales fs JOIN listings l ON l.id = fs.listing_id
       WHERE fs.id = ${input.saleId}::uuid AND l.shop_id = ${input.shopId}::uuid
    ), ended AS (
      UPDATE flash_sales SET ended_early_at = now()
       WHERE id IN (SELECT id FROM sale) AND ended_early_at IS NULL AND ends_at > now()
       RETURNING id
    )
    SELECT EXISTS (SELECT 1 FROM ended) AS ended, EXISTS (SELECT 1 FROM sale) AS found`,
  );
  if (row?.ended) return ok();
  return refuse(row?.found ? "already-ended" : "not-found");
}
