// Read side of drops: which drops a product or campaign page shows, and the owner's live view
// of a drop's line (how many wait, how many are in, how many bought, the line over time). Every
// owner query is scoped by the owner's shop in SQL. A shopper's own place is lib/drops/place.ts.
import "server-only";
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow, sqlRows } from "@/lib/db/rows";
import type { DropPhase } from "@/lib/drops/place";

export interface DropSummary {
  dropId: string;
  /** The flash sale's listing; null for a campaign's drop. */
  listingId: string | null;
  phase: DropPhase;
  opensAt: string;
  startsAt: string;
  endsAt: string | null;
  admitPerMinute: number;
  admissionSeconds: number;
  now: string;
}

const summaryRow = z.object({
  id: col.text,
  listing_id: col.nullableText,
  opens_at: col.time,
  starts_at: col.time,
  ends_at: col.nullableTime,
  admit_per_minute: col.int,
  admission_seconds: col.int,
  now: col.time,
});

function phaseOf(row: { opens_at: Date; starts_at: Date; ends_at: Date | null; now: Date }): DropPhase {
  const now = row.now.getTime();
  if (now < row.opens_at.getTime()) return "upcoming";
  if (now < row.starts_at.getTime()) return "open";
  return row.ends_at && now >= row.ends_at.getTime() ? "ended" : "running";
}

function toSummary(row: z.infer<typeof summaryRow>): DropSummary {
  return {
    dropId: row.id,
    listingId: row.listing_id,
    phase: phaseOf(row),
    opensAt: row.opens_at.toISOString(),
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    admitPerMinute: row.admit_per_minute,
    admissionSeconds: row.admission_seconds,
    now: row.now.toISOString(),
  };
}

const summaryColumns = Prisma.sql`
  d.id::text, d.listing_id::text, d.opens_at, d.starts_at, NULLIF(drop_ends_at(d.id), 'infinity') AS ends_at,
  d.admit_per_minute, d.admission_seconds, now() AS now`;

/** Per listing, its drop that has not ended (the next one when several are planned). */
export async function getListingDrops(tx: Tx, listingIds: string[]): Promise<DropSummary[]> {
  if (listingIds.length === 0) return [];
  const rows = await sqlRows(
    tx,
    summaryRow,
    Prisma.sql`
    SELECT DISTINCT ON (d.listing_id) ${summaryColumns}
      FROM drops d
     WHERE d.listing_id = ANY(${listingIds}::uuid[]) AND drop_ends_at(d.id) > now()
     ORDER BY d.listing_id, d.starts_at`,
  );
  return rows.map(toSummary);
}

/** A campaign's drop, while it has not ended. */
export async function getCampaignDrop(tx: Tx, campaignId: string): Promise<DropSummary | null> {
  const row = await sqlRow(
    tx,
    summaryRow,
    Prisma.sql`SELECT ${summaryColumns} FROM drops d WHERE d.campaign_id = ${campaignId}::uuid AND drop_ends_at(d.id) > now()`,
  );
  return row ? toSummary(row) : null;
}

export interface DropLinePoint {
  at: string;
  /** In the line, not admitted yet. */
  waiting: number;
  /** Admitted and still able to buy. */
  admittedNow: number;
}

export interface DropStats extends DropSummary {
  maxAdmitted: number | null;
  /** Everyone who joined. */
  joined: number;
  waiting: number;
  admittedNow: number;
  admittedTotal: number;
  /** Admissions used: a purchase (or a coupon claimed). */
  bought: number;
  /** How long the last in line still waits at the set rate; null when nobody waits. */
  lastWaitSeconds: number | null;
  history: DropLinePoint[];
}

const statsRow = summaryRow.extend({
  max_admitted: col.nullableInt,
  shuffled: col.bool,
  last_place: col.int,
  admitted_through: col.int,
  joined: col.int,
  admitted_now: col.int,
  bought: col.int,
});

const HISTORY_STEPS = 40;

/** A drop of a shop, by its own id or by the flash sale or campaign it runs in front of. */
export type ShopDrop = { shopId: string } & ({ dropId: string } | { flashSaleId: string } | { campaignId: string });

const whichDrop = (input: ShopDrop) =>
  "dropId" in input
    ? Prisma.sql`d.id = ${input.dropId}::uuid`
    : "flashSaleId" in input
      ? Prisma.sql`d.flash_sale_id = ${input.flashSaleId}::uuid`
      : Prisma.sql`d.campaign_id = ${input.campaignId}::uuid`;

/** The owner's live view of a drop of their shop; null when it is not theirs, unknown, or the sale or campaign has none. */
export async function getDropStats(tx: Tx, input: ShopDrop): Promise<DropStats | null> {
  const row = await sqlRow(
    tx,
    statsRow,
    Prisma.sql`
    SELECT ${summaryColumns}, d.max_admitted, d.shuffled_at IS NOT NULL AS shuffled, d.last_place, d.admitted_through,
           (SELECT COUNT(*)::int FROM drop_places p WHERE p.drop_id = d.id) AS joined,
           (SELECT COUNT(*)::int FROM drop_places p
             WHERE p.drop_id = d.id AND p.admitted_at IS NOT NULL AND p.ended_at IS NULL AND p.admission_ends_at > now()) AS admitted_now,
           (SELECT COUNT(*)::int FROM drop_places p WHERE p.drop_id = d.id AND p.end_reason IS NOT NULL) AS bought
      FROM drops d
     WHERE ${whichDrop(input)} AND d.shop_id = ${input.shopId}::uuid`,
  );
  if (!row) return null;
  const waiting = row.shuffled ? row.last_place - row.admitted_through : row.joined;
  const history = await sqlRows(
    tx,
    z.object({ at: col.time, waiting: col.int, admitted_now: col.int }),
    Prisma.sql`
    WITH bounds AS (
      SELECT d.opens_at AS t0, GREATEST(LEAST(now(), drop_ends_at(d.id)), d.opens_at + interval '1 minute') AS t1
        FROM drops d WHERE d.id = ${row.id}::uuid
    ), steps AS (
      SELECT t0 + (t1 - t0) * g / ${HISTORY_STEPS}::float8 AS at FROM bounds, generate_series(0, ${HISTORY_STEPS}::int) AS g
    )
    SELECT s.at,
           COUNT(p.id) FILTER (WHERE p.joined_at <= s.at AND (p.admitted_at IS NULL OR p.admitted_at > s.at))::int AS waiting,
           COUNT(p.id) FILTER (WHERE p.admitted_at <= s.at AND LEAST(COALESCE(p.ended_at, 'infinity'), p.admission_ends_at) > s.at)::int AS admitted_now
      FROM steps s
      LEFT JOIN drop_places p ON p.drop_id = ${row.id}::uuid
     GROUP BY s.at
     ORDER BY s.at`,
  );
  return {
    ...toSummary(row),
    maxAdmitted: row.max_admitted,
    joined: row.joined,
    waiting,
    admittedNow: row.admitted_now,
    admittedTotal: row.admitted_through,
    bought: row.bought,
    lastWaitSeconds: waiting > 0 ? Math.ceil((waiting * 60) / row.admit_per_minute) : null,
    history: history.map((point) => ({ at: point.at.toISOString(), waiting: point.waiting, admittedNow: point.admitted_now })),
  };
}
