// Releasing a hold: only its owner can, by presenting the owner token it was given. A token
// from before an expiry never matches the hold that replaced it, so a stale tab or a late
// retry cannot free someone else's (or its own newer) reservation.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

export interface ReleaseHoldInput {
  holdId: string;
  ownerToken: string;
  reason?: string;
}

export type ReleaseHoldResult = { released: true; listingId: string; quantity: number } | { released: false };

/** One statement: end the hold, give its units back to the listing, write the RELEASE row. */
export async function releaseHold(tx: Tx, input: ReleaseHoldInput): Promise<ReleaseHoldResult> {
  const rows = await sqlRows(
    tx,
    z.object({ listing_id: col.text, quantity: col.int }),
    Prisma.sql`
    WITH released AS (
      UPDATE holds SET status = 'RELEASED', ended_at = now()
       WHERE id = ${input.holdId}::uuid AND owner_token = ${input.ownerToken}::uuid AND status = 'ACTIVE'
       RETURNING id, listing_id, quantity, order_id, user_id
    ), counters AS (
      UPDATE listings l SET reserved = l.reserved - released.quantity
        FROM released WHERE l.id = released.listing_id
       RETURNING l.id
    ), ledger AS (
      INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, order_id, actor_id, reason)
      SELECT listing_id, 'RELEASE', -quantity, id, order_id, user_id, ${input.reason ?? "released by its owner"} FROM released
    )
    SELECT listing_id::text, quantity FROM released`,
  );
  const row = rows[0];
  return row ? { released: true, listingId: row.listing_id, quantity: row.quantity } : { released: false };
}
