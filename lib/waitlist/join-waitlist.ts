// "Notify me when it's back": joining and leaving a sold-out listing's waitlist, as steps.
// Joining is one INSERT ... ON CONFLICT against the partial unique index (one WAITING entry
// per customer and listing, migration 20261122160000), so a double click or two tabs make one
// entry and the second answers ok as well. The units themselves are promised later, by
// offerFreedUnits, which reserves one for the first waiter when stock frees up.
import { z } from "zod";
import { Prisma, type Tx } from "../prisma";
import { col, sqlRow } from "../sql/rows";
import { ok, refuse, type Refusal } from "../steps/result";

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

const listingRow = z.object({ active: col.bool, available: col.int, held_by_you: col.bool });

/** Puts the customer on the listing's waitlist, only while it is sold out. */
export async function joinWaitlist(tx: Tx, input: WaitlistInput): Promise<JoinWaitlistResult> {
  // "Sold out" is listing_stock's available (lapsed holds count as free, I3), the number the
  // product page shows. A unit freed just after this read is not lost to the customer: their
  // entry is offered by the trigger that freed it or by the waitlist sweep.
  const listing = await sqlRow(tx, listingRow, Prisma.sql`
    SELECT s.active, s.available,
           EXISTS (SELECT 1 FROM holds h
                    WHERE h.listing_id = s.listing_id AND h.user_id = ${input.userId}::uuid AND h.status = 'ACTIVE'
                      AND hold_is_live(h.status, h.expires_at)) AS held_by_you
      FROM listing_stock s WHERE s.listing_id = ${input.listingId}::uuid`);
  if (!listing) return refuse("not-found");
  if (!listing.active) return refuse("inactive");
  if (listing.held_by_you) return refuse("already-held");
  if (listing.available > 0) return refuse("in-stock", { available: listing.available });

  // A second join (double click, two tabs) meets the partial unique index and does nothing:
  // the customer is on the list either way, so it answers ok too.
  const joined = await tx.$executeRaw(Prisma.sql`
    INSERT INTO waitlist_entries (id, listing_id, user_id)
    VALUES (gen_random_uuid(), ${input.listingId}::uuid, ${input.userId}::uuid)
    ON CONFLICT (listing_id, user_id) WHERE status = 'WAITING' DO NOTHING`);
  return ok({ joined: joined > 0 });
}

export type LeaveWaitlistResult = { ok: true } | Refusal<"not-waiting">;

/** Takes the customer off the list (an entry already offered keeps its reservation). */
export async function leaveWaitlist(tx: Tx, input: WaitlistInput): Promise<LeaveWaitlistResult> {
  const left = await tx.$executeRaw(Prisma.sql`
    UPDATE waitlist_entries SET status = 'LEFT'
     WHERE listing_id = ${input.listingId}::uuid AND user_id = ${input.userId}::uuid AND status = 'WAITING'`);
  return left > 0 ? ok() : refuse("not-waiting");
}
