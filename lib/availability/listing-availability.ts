// Live availability of a listing, for the product page (polled by React Query) and the
// add-to-cart result. Expired holds count as free (I3) even before anything tidied them.
import { Prisma, type Tx } from "../prisma";

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
  /** Database clock, ISO: the client's countdown runs against it. */
  now: string;
}

interface Row {
  id: string;
  active: boolean;
  on_hand: number;
  available: number;
  in_other_carts: number;
  in_orders: number;
  yours_quantity: number | null;
  yours_expires_at: Date | null;
  now: Date;
}

export async function getListingAvailability(
  tx: Tx,
  listingId: string,
  viewerId: string | null,
): Promise<ListingAvailability | null> {
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`
    WITH live AS (
      SELECT h.user_id, h.order_id, h.quantity, h.expires_at, h.cart_item_id
        FROM holds h
       WHERE h.listing_id = ${listingId}::uuid AND h.status = 'ACTIVE' AND h.expires_at > now()
    )
    SELECT l.id::text, l.active, l.on_hand,
           (l.on_hand - COALESCE((SELECT SUM(quantity) FROM live), 0))::int AS available,
           COALESCE((SELECT SUM(quantity) FROM live
                      WHERE order_id IS NULL AND user_id IS DISTINCT FROM ${viewerId}::uuid), 0)::int AS in_other_carts,
           COALESCE((SELECT SUM(quantity) FROM live WHERE order_id IS NOT NULL), 0)::int AS in_orders,
           (SELECT SUM(quantity) FROM live WHERE order_id IS NULL AND user_id = ${viewerId}::uuid)::int AS yours_quantity,
           (SELECT MIN(expires_at) FROM live WHERE order_id IS NULL AND user_id = ${viewerId}::uuid) AS yours_expires_at,
           now() AS now
      FROM listings l
     WHERE l.id = ${listingId}::uuid`);
  const row = rows[0];
  if (!row) return null;
  return {
    listingId: row.id,
    active: row.active,
    onHand: row.on_hand,
    available: Math.max(0, row.available),
    inOtherCarts: row.in_other_carts,
    inPendingOrders: row.in_orders,
    yours:
      row.yours_quantity && row.yours_expires_at
        ? { quantity: row.yours_quantity, expiresAt: row.yours_expires_at.toISOString() }
        : null,
    now: row.now.toISOString(),
  };
}

/**
 * Units per listing in holds that ran out but that nothing has tidied yet. They are free to
 * any buyer (I3: the next reservation frees them first), so pages that show stock from the
 * listing counters add them back instead of waiting for the sweep.
 */
export async function lapsedHeldUnits(tx: Tx, listingIds: string[]): Promise<Map<string, number>> {
  if (listingIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ listing_id: string; units: number }[]>(Prisma.sql`
    SELECT listing_id::text, SUM(quantity)::int AS units
      FROM holds
     WHERE listing_id = ANY(${listingIds}::uuid[]) AND status = 'ACTIVE' AND expires_at <= now()
     GROUP BY listing_id`);
  return new Map(rows.map((row) => [row.listing_id, row.units]));
}
