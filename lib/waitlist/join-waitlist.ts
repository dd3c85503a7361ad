// "Notify me when it's back": joining and leaving a sold-out listing's waitlist, as steps.
// Joining is one INSERT ... ON CONFLICT against the partial unique index (one WAITING entry
// per customer and listing, migration waitlist_and_password_resets), so a double click or two tabs make one
// entry and the second answers ok as well. The units themselves are promised later, by
// offerFreedUnits, which reserves one for the first waiter when stock frees up.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";
import { ok, refuse, type Refusal } from "@/lib/steps/result";

export interface WaitlistInput {
  userId: string;
  listingId: string;
}

export type JoinWaitlistResult =
  /** joined false: the customer was on the list already. */
  | { ok: true; joined: boolean }
  | Refusal<"not-found">
  | Refusal<"inactive">
  /** Units are free right now: add one to the cart instead. */
  | Refusal<"in-stock", { available: number }>
  /** The customer holds a unit of it already (in the cart or an order awaiting payment). */
  | Refusal<"already-held">;

const joinRow = z.object({ active: col.bool, available: col.int, held_by_you: col.bool, joined: col.bool });

/**
 * Puts the customer on the listing's waitlist, only while it is sold out: one statement that
 * reads the listing's stock and inserts the entry only when that stock allows it.
 */
export async function joinWaitlist(tx: Tx, input: WaitlistInput): Promise<JoinWaitlistResult> {
  const listing = await sqlRow(
    tx,
    joinRow,
    Prisma.sql`
    WITH s AS (
      SELECT s.listing_id, s.active, s.available,
             EXISTS (SELECT 1 FROM holds h
                      WHERE h.listing_id = s.listing_id AND h.user_id = ${input.userId}::uuid
                        AND hold_is_live(h.status, h.expires_at)) AS held_by_you
        FROM listing_stock s WHERE s.listing_id = ${input.listingId}::uuid
    ), joined AS (
      INSERT INTO waitlist_entries (id, listing_id, user_id)
      SELECT gen_random_uuid(), s.listing_id, ${input.userId}::uuid
        FROM s WHERE s.active AND NOT s.held_by_you AND s.available <= 0
      ON CONFLICT (listing_id, user_id) WHERE status = 'WAITING' DO NOTHING
      RETURNING id
    )
    SELECT s.active, s.available, s.held_by_you, EXISTS (SELECT 1 FROM joined) AS joined FROM s`,
  );
  if (!listing) return refuse("not-found");
  if (!listing.active) return refuse("inactive");
  if (listing.held_by_you) return refuse("already-held");
  if (listing.available > 0) return refuse("in-stock", { available: listing.available });
  return ok({ joined: listing.joined });
}

export type LeaveWaitlistResult = { ok: true } | Refusal<"not-waiting">;

/** Takes the customer off the list (an entry already offered keeps its reservation). */
export async function leaveWaitlist(tx: Tx, input: WaitlistInput): Promise<LeaveWaitlistResult> {
  const left = await tx.$executeRaw(Prisma.sql`
    UPDATE waitlist_entries SET status = 'LEFT'
     WHERE listing_id = ${input.listingId}::uuid AND user_id = ${input.userId}::uuid AND status = 'WAITING'`);
  return left > 0 ? ok() : refuse("not-waiting");
}
