// An owner's coupon campaigns: creating one and ending it early, each one statement scoped by
// the owner's shop in SQL. Not marked server-only: the demo seed creates its campaigns here too.
import { z } from "zod";
import type { CreateCampaignData } from "@/lib/coupons/schemas";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";
import { insertDropSql } from "@/lib/drops/create-drop";
import type { DropSettings } from "@/lib/drops/schemas";
import { ok, refuse, type Refusal } from "@/lib/steps/result";

export type CreateCampaignResult = { ok: true; campaignId: string; dropId: string | null } | Refusal<"listing-not-found" | "ends-in-past">;

/** A drop (a waiting room in front of the start) is created with the campaign, in the same statement. */
export async function createCampaign(
  tx: Tx,
  input: Omit<CreateCampaignData, "drop"> & { drop?: DropSettings | null; shopId: string },
): Promise<CreateCampaignResult> {
  const row = await sqlRow(
    tx,
    z.object({ id: col.nullableText, drop_id: col.nullableText, ends_in_past: col.bool }),
    Prisma.sql`
    WITH inserted AS (
      INSERT INTO coupon_campaigns (id, shop_id, name, limit_count, discount_percent, amount_off_cents, listing_id, min_order_cents, starts_at, ends_at)
      SELECT gen_random_uuid(), s.id, ${input.name}, ${input.limit}::int, ${input.discountPercent}::int, ${input.amountOffCents}::int,
             ${input.listingId}::uuid, ${input.minOrderCents}::int, ${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz
        FROM shops s
       WHERE s.id = ${input.shopId}::uuid AND ${input.endsAt}::timestamptz > now()
         AND (${input.listingId}::uuid IS NULL
              OR EXISTS (SELECT 1 FROM listings l WHERE l.id = ${input.listingId}::uuid AND l.shop_id = s.id))
      RETURNING id, starts_at
    ), dropped AS (
      ${insertDropSql(input.drop, { cte: "inserted", subject: "campaign", shopId: input.shopId })}
    )
    SELECT (SELECT id::text FROM inserted) AS id, (SELECT id::text FROM dropped) AS drop_id, ${input.endsAt}::timestamptz <= now() AS ends_in_past`,
  );
  if (row?.id) return ok({ campaignId: row.id, dropId: row.drop_id });
  return refuse(row?.ends_in_past ? "ends-in-past" : "listing-not-found");
}

export type EndCampaignResult = { ok: true } | Refusal<"not-found" | "already-ended">;

/**
 * "End now": no more coupons are issued. Coupons already won stay valid until the campaign's
 * end date: they were promised to their winners.
 */
export async function endCampaign(tx: Tx, input: { shopId: string; campaignId: string }): Promise<EndCampaignResult> {
  const row = await sqlRow(
    tx,
    z.object({ ended: col.bool, found: col.bool }),
    Prisma.sql`
    WITH campaign AS (
      SELECT id FROM coupon_campaigns WHERE id = ${input.campaignId}::uuid AND shop_id = ${input.shopId}::uuid
    ), ended AS (
      UPDATE coupon_campaigns SET ended_early_at = now()
       WHERE id IN (SELECT id FROM campaign) AND ended_early_at IS NULL AND (ends_at IS NULL OR ends_at > now())
       RETURNING id
    )
    SELECT EXISTS (SELECT 1 FROM ended) AS ended, EXISTS (SELECT 1 FROM campaign) AS found`,
  );
  if (row?.ended) return ok();
  return refuse(row?.found ? "already-ended" : "not-found");
}
