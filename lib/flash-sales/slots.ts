// The flash-sale slots a checkout takes, gives back and keeps (I6). Called by the checkout
// saga's DISCOUNTS step (discount.ts) inside the step's transaction, so a slot is taken
// exactly when the step's record commits, and by its compensation when the checkout fails.
import "server-only";
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";
import { saleIsLive, saleUnitDiscount } from "@/lib/flash-sales/sale-terms";

export interface ClaimedSlot {
  saleId: string;
  listingId: string;
  discountCents: number;
}

const claimRow = z.object({
  taken: col.textArray.nullable(),
  claims: z.array(z.object({ sale_id: col.text, listing_id: col.text, discount_cents: col.int })).nullable(),
});

/**
 * For every line of the order whose listing has a live sale this customer holds no slot of,
 * takes one slot and discounts one unit of the line — in one statement: the guarded counter
 * (`claimed < slots`, so a buyer past the K-th gets nothing and pays the normal price), the
 * claim row and the line's discount. The claim's created_at is the clock when the slot was
 * taken (under the sale row's lock), so claims list in the order they were won.
 *
 * The customer's own earlier claim is excluded up front; only when the same customer's other
 * checkout claimed this sale between our snapshot and our lock does the claim insert meet the
 * one-live-claim-per-customer index and insert nothing. That slot is then given straight back
 * in the same transaction, before anyone else can see the counter: no retry, no gap.
 */
export async function claimFlashSlots(tx: Tx, input: { orderId: string; userId: string }): Promise<ClaimedSlot[]> {
  const row = await sqlRow(
    tx,
    claimRow,
    Prisma.sql`
    WITH lines AS (
      SELECT fs.id AS sale_id, oi.id AS item_id, oi.listing_id, ${saleUnitDiscount("fs", Prisma.sql`oi.unit_price_cents`)} AS unit_discount
        FROM order_items oi
        JOIN flash_sales fs ON fs.listing_id = oi.listing_id AND ${saleIsLive("fs")}
       WHERE oi.order_id = ${input.orderId}::uuid
         AND NOT EXISTS (SELECT 1 FROM flash_sale_claims c
                          WHERE c.flash_sale_id = fs.id AND c.user_id = ${input.userId}::uuid AND c.status <> 'RELEASED')
    ), slot AS (
      UPDATE flash_sales fs SET claimed = fs.claimed + 1
        FROM lines
       WHERE fs.id = lines.sale_id AND lines.unit_discount > 0 AND fs.claimed < fs.slots
       RETURNING fs.id
    ), claim AS (
      INSERT INTO flash_sale_claims (id, flash_sale_id, user_id, order_id, discount_cents, created_at)
      SELECT gen_random_uuid(), lines.sale_id, ${input.userId}::uuid, ${input.orderId}::uuid, lines.unit_discount, clock_timestamp()
        FROM slot JOIN lines ON lines.sale_id = slot.id
      ON CONFLICT (flash_sale_id, user_id) WHERE status <> 'RELEASED' DO NOTHING
      RETURNING flash_sale_id, discount_cents
    ), discounted AS (
      UPDATE order_items oi SET discount_cents = oi.discount_cents + claim.discount_cents
        FROM claim JOIN lines ON lines.sale_id = claim.flash_sale_id
       WHERE oi.id = lines.item_id
       RETURNING oi.id
    )
    SELECT (SELECT array_agg(id::text) FROM slot) AS taken,
           (SELECT json_agg(json_build_object('sale_id', c.flash_sale_id, 'listing_id', l.listing_id, 'discount_cents', c.discount_cents))
              FROM claim c JOIN lines l ON l.sale_id = c.flash_sale_id) AS claims`,
  );
  const claims = row?.claims ?? [];
  const unclaimed = (row?.taken ?? []).filter((saleId) => !claims.some((claim) => claim.sale_id === saleId));
  if (unclaimed.length > 0) {
    await tx.$executeRaw(Prisma.sql`UPDATE flash_sales SET claimed = claimed - 1 WHERE id = ANY(${unclaimed}::uuid[])`);
  }
  return claims.map((claim) => ({ saleId: claim.sale_id, listingId: claim.listing_id, discountCents: claim.discount_cents }));
}

/** The checkout failed: its open claims are RELEASED and their slots go back to the sale for the next buyer. */
export async function releaseFlashSlots(tx: Tx, orderId: string): Promise<number> {
  const row = await sqlRow(
    tx,
    z.object({ released: col.int }),
    Prisma.sql`
    WITH released AS (
      UPDATE flash_sale_claims SET status = 'RELEASED', ended_at = clock_timestamp()
       WHERE order_id = ${orderId}::uuid AND status = 'CLAIMED'
       RETURNING flash_sale_id
    ), per_sale AS (
      SELECT flash_sale_id, COUNT(*)::int AS n FROM released GROUP BY flash_sale_id
    ), returned AS (
      UPDATE flash_sales fs SET claimed = fs.claimed - per_sale.n FROM per_sale WHERE fs.id = per_sale.flash_sale_id RETURNING fs.id
    )
    SELECT (SELECT COUNT(*) FROM released)::int AS released`,
  );
  return row?.released ?? 0;
}

/** The order is paid (the saga's CONFIRM): its claims are CONSUMED; the slots stay taken for good. */
export async function consumeFlashSlots(tx: Tx, orderId: string): Promise<number> {
  return tx.$executeRaw(Prisma.sql`
    UPDATE flash_sale_claims SET status = 'CONSUMED', ended_at = clock_timestamp() WHERE order_id = ${orderId}::uuid AND status = 'CLAIMED'`);
}
