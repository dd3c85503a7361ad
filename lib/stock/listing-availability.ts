// Live availability of a listing, for the product page (polled by React Query) and the
// add-to-cart result. Read from listing_stock, the one definition of stock: expired holds
// count as free (I3) even before anything tidied them.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

export interface ListingAvailability {
  listingId: string;
  active: boolean;
  onHand: number;
  /** Units anyone can reserve now. */
  available: number;
  /** Units in other customers' live cart holds: may come back if they let them lapse. */
  inOtherCarts: number;
  /** Units held by orders awaiting payment. */
  inPendingOrders: number;
  /** The viewer's own live cart hold on this listing, if any. */
  yours: { quantity: number; expiresAt: string } | null;
  /** The viewer is on this listing's waitlist ("Notify me when it's back"), still waiting. */
  waiting: boolean;
  /** Database clock, ISO: the client's countdown runs against it. */
  now: string;
}

const rowSchema = z.object({
  id: col.text,
  active: col.bool,
  on_hand: col.int,
  available: col.int,
  live_in_carts: col.int,
  in_orders: col.int,
  yours_quantity: col.nullableInt,
  yours_expires_at: col.nullableTime,
  waiting: col.bool,
  now: col.time,
});

export async function getListingAvailability(tx: Tx, listingId: string, viewerId: string | null): Promise<ListingAvailability | null> {
  // The counts come from listing_stock; only the viewer's own cart hold is read here, with
  // the same test of liveness (hold_is_live) the view uses, and whether they are on the
  // waitlist (one probe of its partial unique index: this is polled every few seconds).
  const rows = await sqlRows(
    tx,
    rowSchema,
    Prisma.sql`
    SELECT s.listing_id::text AS id, s.active, s.on_hand, s.available, s.live_in_carts,
           s.pending_order_units AS in_orders,
           yours.quantity AS yours_quantity, yours.expires_at AS yours_expires_at,
           EXISTS (SELECT 1 FROM waitlist_entries w
                    WHERE w.listing_id = s.listing_id AND w.user_id = ${viewerId}::uuid AND w.status = 'WAITING') AS waiting,
           now() AS now
      FROM listing_stock s
      CROSS JOIN LATERAL (
        SELECT SUM(h.quantity)::int AS quantity, MIN(h.expires_at) AS expires_at
          FROM holds h
         WHERE h.listing_id = s.listing_id AND h.user_id = ${viewerId}::uuid AND h.order_id IS NULL
           AND hold_is_live(h.status, h.expires_at)
      ) yours
     WHERE s.listing_id = ${listingId}::uuid`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    listingId: row.id,
    active: row.active,
    onHand: row.on_hand,
    available: row.available,
    inOtherCarts: row.live_in_carts - (row.yours_quantity ?? 0),
    inPendingOrders: row.in_orders,
    yours:
      row.yours_quantity && row.yours_expires_at ? { quantity: row.yours_quantity, expiresAt: row.yours_expires_at.toISOString() } : null,
    waiting: row.waiting,
    now: row.now.toISOString(),
  };
}
