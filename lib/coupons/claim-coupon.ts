// "Claim" on a campaign's page (I5): exactly N coupons under any concurrency, at most one per
// customer, numbered 1..N in the order won, no gaps, no repeats — with no retry loop.
import "server-only";
import { z } from "zod";
import { newCouponCode } from "@/lib/coupons/coupon-code";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";
import { parseGate, type DropGateReason } from "@/lib/drops/gate";
import { ok, refuse, type Refusal } from "@/lib/steps/result";

export interface WonCoupon {
  grantId: string;
  sequence: number;
  code: string;
}

export type ClaimCouponResult =
  | ({
      ok: true;
      campaignId: string;
      limit: number;
      /** False when the customer had won it before: the same coupon again. */ won: boolean;
    } & WonCoupon)
  | Refusal<"not-found" | "ended">
  | Refusal<"not-started", { startsAt: Date }>
  | Refusal<"all-claimed", { limit: number }>
  | Refusal<DropGateReason>;

const claimRow = z.object({
  found: col.bool,
  started: col.bool,
  open: col.bool,
  starts_at: col.nullableTime,
  limit_count: col.nullableInt,
  taken: col.nullableInt,
  granted_id: col.nullableText,
  granted_sequence: col.nullableInt,
  granted_code: col.nullableText,
  existing_id: col.nullableText,
  existing_sequence: col.nullableInt,
  existing_code: col.nullableText,
  gate: col.nullableText,
});

const grantRow = z.object({ id: col.text, sequence: col.int, code: col.text });

/**
 * One statement: the campaign's counter moves only while `issued < limit_count` (the row lock
 * queues concurrent claimers, and each re-checks the guard on the row as the one before left
 * it), and the grant is inserted with `sequence` = the new `issued`. So the k-th claim to
 * commit holds number k, the (N+1)-th finds the guard false and gets a clean "all claimed".
 * A customer's earlier grant is found first and handed back as it is. created_at is the clock
 * when the number was taken (under the lock), not when the transaction began, so the
 * winners' times run in the same order as their numbers.
 *
 * Only when the same customer's other claim committed between this statement's snapshot and
 * its lock does the insert meet the (campaign, user) unique index and insert nothing; the
 * number taken is given straight back while the row is still locked (nobody has seen it), and
 * the customer gets the grant that won.
 */
export async function claimCoupon(tx: Tx, input: { campaignId: string; userId: string }): Promise<ClaimCouponResult> {
  const code = newCouponCode();
  const row = await sqlRow(
    tx,
    claimRow,
    Prisma.sql`
    WITH campaign AS (
      SELECT id, limit_count, starts_at, starts_at <= now() AS started,
             ended_early_at IS NULL AND (ends_at IS NULL OR ends_at > now()) AS open
        FROM coupon_campaigns WHERE id = ${input.campaignId}::uuid
    ), gate AS (
      SELECT drop_gate_campaign(${input.userId}::uuid, ${input.campaignId}::uuid) AS refusal
    ), existing AS (
      SELECT id, sequence, code FROM coupon_grants WHERE campaign_id = ${input.campaignId}::uuid AND user_id = ${input.userId}::uuid
    ), taken AS (
      UPDATE coupon_campaigns SET issued = issued + 1
       WHERE id = ${input.campaignId}::uuid AND issued < limit_count
         AND starts_at <= now() AND ended_early_at IS NULL AND (ends_at IS NULL OR ends_at > now())
         AND NOT EXISTS (SELECT 1 FROM existing)
         AND (SELECT refusal FROM gate) IS NULL
       RETURNING issued
    ), granted AS (
      INSERT INTO coupon_grants (id, campaign_id, user_id, sequence, code, created_at)
      SELECT gen_random_uuid(), ${input.campaignId}::uuid, ${input.userId}::uuid, issued, ${code}, clock_timestamp() FROM taken
      ON CONFLICT (campaign_id, user_id) DO NOTHING
      RETURNING id, sequence, code
    ), admission_used AS (
      -- A coupon won through a drop's line uses up the admission: the next in line gets the room.
      UPDATE drop_places p SET ended_at = now(), end_reason = 'claimed'
        FROM drops d
       WHERE d.campaign_id = ${input.campaignId}::uuid AND p.drop_id = d.id AND p.user_id = ${input.userId}::uuid
         AND p.admitted_at IS NOT NULL AND p.ended_at IS NULL AND EXISTS (SELECT 1 FROM granted)
    )
    SELECT EXISTS (SELECT 1 FROM campaign) AS found,
           COALESCE((SELECT started FROM campaign), false) AS started,
           COALESCE((SELECT open FROM campaign), false) AS open,
           (SELECT starts_at FROM campaign) AS starts_at,
           (SELECT limit_count FROM campaign) AS limit_count,
           (SELECT issued FROM taken) AS taken,
           (SELECT id::text FROM granted) AS granted_id, (SELECT sequence FROM granted) AS granted_sequence, (SELECT code FROM granted) AS granted_code,
           (SELECT id::text FROM existing) AS existing_id, (SELECT sequence FROM existing) AS existing_sequence, (SELECT code FROM existing) AS existing_code,
           (SELECT refusal FROM gate) AS gate`,
  );
  if (!row?.found) return refuse("not-found");
  const limit = row.limit_count ?? 0;
  if (row.granted_id && row.granted_sequence !== null && row.granted_code) {
    return ok({
      campaignId: input.campaignId,
      limit,
      won: true,
      grantId: row.granted_id,
      sequence: row.granted_sequence,
      code: row.granted_code,
    });
  }
  if (row.existing_id && row.existing_sequence !== null && row.existing_code) {
    return ok({
      campaignId: input.campaignId,
      limit,
      won: false,
      grantId: row.existing_id,
      sequence: row.existing_sequence,
      code: row.existing_code,
    });
  }
  if (row.taken !== null) return handBack(tx, input, limit);
  const gate = parseGate(row.gate);
  if (gate) return refuse(gate);
  if (!row.started && row.starts_at) return refuse("not-started", { startsAt: row.starts_at });
  if (!row.open) return refuse("ended");
  return refuse("all-claimed", { limit });
}

/** The rare race above: the number goes back, the customer's winning grant is returned. */
async function handBack(tx: Tx, input: { campaignId: string; userId: string }, limit: number): Promise<ClaimCouponResult> {
  await tx.$executeRaw(Prisma.sql`UPDATE coupon_campaigns SET issued = issued - 1 WHERE id = ${input.campaignId}::uuid`);
  const grant = await sqlRow(
    tx,
    grantRow,
    Prisma.sql`
    SELECT id::text, sequence, code FROM coupon_grants WHERE campaign_id = ${input.campaignId}::uuid AND user_id = ${input.userId}::uuid`,
  );
  if (!grant) throw new Error(`coupon claim for campaign ${input.campaignId}: insert refused without a grant to show`);
  return ok({ campaignId: input.campaignId, limit, won: false, grantId: grant.id, sequence: grant.sequence, code: grant.code });
}
