// Expiry of holds (I3). An ACTIVE hold past expires_at blocks nobody: the reservation path
// tidies the expired holds of the listing it is about to decide on (expireHoldsOnListing),
// and the sweep tidies the rest in the background (sweepExpiredHolds). Both flip them with the
// one SQL function expire_holds (prisma/sql/expire_holds.sql): each hold is flipped to EXPIRED
// exactly once, and the counter and ledger move only for the rows that statement flipped.
import { z } from "zod";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { ok, type Ok } from "@/lib/steps/result";
import { runSweep, type SweepOptions } from "@/lib/steps/sweep";
import { offerAfterCommit } from "@/lib/waitlist/offer-freed-units";

interface ExpiredTotals {
  holds: number;
  units: number;
}

/**
 * Lazy expiry, run by every reservation just before it decides: the expired holds of these
 * listings (cart holds, and holds of orders past their payment deadline) stop counting.
 *
 * It waits for holds someone else has locked instead of skipping them. Whoever holds such a
 * lock is about to free (or has just freed) those units, and only after that transaction
 * ends does the reservation's next statement see them free: a guarded UPDATE whose guard
 * fails on its snapshot does not wait for a concurrent writer, so skipping here would let
 * an expired hold block a buyer for a moment (I3). Locks are taken in id order, holds before
 * listing rows, like every other path, so two buyers tidying the same holds cannot deadlock.
 */
const expiredTotals = z.object({ holds: col.int, units: col.int });

export async function expireHoldsOnListings(tx: Tx, listingIds: string[]): Promise<ExpiredTotals> {
  if (listingIds.length === 0) return { holds: 0, units: 0 };
  // The SQL function the cart functions call too (prisma/sql/expire_lapsed_holds.sql): one statement that
  // costs a single index probe when nothing lapsed, with plans cached per connection.
  const [row] = await sqlRows(
    tx,
    expiredTotals,
    Prisma.sql`
    SELECT expired_holds AS holds, freed_units AS units
      FROM expire_lapsed_holds(${listingIds}::uuid[], 'hold expired (freed at reservation)')`,
  );
  return row ?? { holds: 0, units: 0 };
}

export function expireHoldsOnListing(tx: Tx, listingId: string): Promise<ExpiredTotals> {
  return expireHoldsOnListings(tx, [listingId]);
}

export interface HoldSweepResult {
  expiredHolds: number;
  unitsFreed: number;
  batches: number;
  /** Freed units reserved for customers on the listings' waitlists, after the sweep committed. */
  waitlistOffers: number;
}

/**
 * One batch of the background tidy for cart holds (order holds end with their order: see
 * cancelOverdueOrders). It claims holds *and their listing rows* with FOR NO KEY UPDATE
 * SKIP LOCKED, so a sweep never waits for anyone: rows a buyer is working on are left to that
 * buyer's lazy expiry, and two sweeps at once split the work between them.
 */
export async function expireHoldBatch(
  tx: Tx,
  input: { batchSize: number },
): Promise<Ok<{ claimed: number; expiredHolds: number; unitsFreed: number }>> {
  // The candidates are locked (and skipped when locked) as the ARRAY is built, before the flip.
  const [expired] = await sqlRows(
    tx,
    expiredTotals,
    Prisma.sql`
    SELECT expired_holds AS holds, freed_units AS units
      FROM expire_holds(ARRAY(
             SELECT h.id FROM holds h JOIN listings l ON l.id = h.listing_id
              WHERE h.order_id IS NULL AND hold_has_lapsed(h.status, h.expires_at)
              ORDER BY h.expires_at
              LIMIT ${input.batchSize}
                FOR NO KEY UPDATE OF h, l SKIP LOCKED), 'hold expired (sweep)')`,
  );
  const holds = expired?.holds ?? 0;
  return ok({ claimed: holds, expiredHolds: holds, unitsFreed: expired?.units ?? 0 });
}

/** The hold sweep: batches of expireHoldBatch until none is left (or maxBatches); then freed units go to waitlists. */
export async function sweepExpiredHolds(db: Db, options: SweepOptions): Promise<HoldSweepResult> {
  const swept = await runSweep(db, expireHoldBatch, options);
  const waitlistOffers = swept.unitsFreed > 0 ? await offerAfterCommit(db) : 0;
  return { ...swept, waitlistOffers };
}
