// One listing's stock over time for the owner's chart, read from the ledger (I2): the counters
// are caches of inventory_movements, so running sums of its deltas give the levels after every
// movement. The deltas, as the ledger's CHECK constraint shapes them:
//   RECEIVE, ADJUST      change on_hand
//   HOLD                 raises reserved; RELEASE, EXPIRE and CANCEL lower it
//   SALE                 lowers on_hand and reserved by the same units: those units are sold
// "held" here is the reserved counter, so a lapsed hold counts until a sweep (or the next
// reservation) tidies it with an EXPIRE row; the chart ends exactly where the listing's
// counters stand.
import "server-only";
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

export interface StockHistoryPoint {
  /** When the movement was written (ISO). */
  at: string;
  onHand: number;
  /** Units in ACTIVE holds (carts and unpaid orders). */
  held: number;
  /** Units sold so far. */
  sold: number;
}

export interface StockHistory {
  /** Oldest first; the last point is the listing's current on_hand, reserved and sold. */
  points: StockHistoryPoint[];
  /** The database clock when read: where the chart's time axis ends. */
  asOf: string;
}

const pointRow = z.object({ at: col.time, on_hand: col.int, held: col.int, sold: col.int, now: col.time });

/**
 * At most `maxPoints` (+1) points however long the ledger: the listing's history is cut into
 * equal spans of time and each span keeps the levels after its last movement, plus the very
 * first movement, so a hot listing's thousands of holds still draw as one small path. The
 * last movement always survives, so the series ends at the current levels. Scoped by shop in
 * SQL: another shop's listing has no history here.
 */
export async function getStockHistory(
  tx: Tx,
  shopId: string,
  listingId: string,
  options: { maxPoints?: number } = {},
): Promise<StockHistory> {
  const maxPoints = Math.max(2, Math.floor(options.maxPoints ?? 160));
  const rows = await sqlRows(
    tx,
    pointRow,
    Prisma.sql`
    WITH running AS (
      SELECT m.id, m.created_at AS at,
             SUM(m.on_hand_delta) OVER w AS on_hand,
             SUM(m.reserved_delta) OVER w AS held,
             COALESCE(-SUM(m.on_hand_delta) FILTER (WHERE m.kind = 'SALE') OVER w, 0) AS sold
        FROM inventory_movements m JOIN listings l ON l.id = m.listing_id
       WHERE m.listing_id = ${listingId}::uuid AND l.shop_id = ${shopId}::uuid
      WINDOW w AS (ORDER BY m.id)
    ), span AS (
      SELECT min(at) AS first_at, max(at) AS last_at, min(id) AS first_id FROM running
    ), bucketed AS (
      SELECT r.*, r.id = s.first_id AS is_first,
             CASE WHEN s.last_at = s.first_at THEN 0
                  ELSE floor(extract(epoch FROM r.at - s.first_at) / extract(epoch FROM s.last_at - s.first_at) * ${maxPoints - 1})::int
             END AS bucket
        FROM running r CROSS JOIN span s
    ), kept AS (
      (SELECT DISTINCT ON (bucket) id, at, on_hand, held, sold FROM bucketed ORDER BY bucket, id DESC)
      UNION
      (SELECT id, at, on_hand, held, sold FROM bucketed WHERE is_first)
    )
    SELECT at, on_hand::int, held::int, sold::int, now() AS now FROM kept ORDER BY id`,
  );

  // Ledger ids follow insertion, timestamps each transaction's start: two overlapping
  // transactions can write them in opposite orders. The chart needs time to run forwards.
  let latest = 0;
  const points = rows.map((row) => {
    latest = Math.max(latest, row.at.getTime());
    return { at: new Date(latest).toISOString(), onHand: row.on_hand, held: row.held, sold: row.sold };
  });
  const asOf = rows[0]?.now ?? new Date();
  return { points, asOf: new Date(Math.max(asOf.getTime(), latest)).toISOString() };
}
