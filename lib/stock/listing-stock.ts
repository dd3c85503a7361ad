// "How many units are free right now" (I3, read side) has one definition: the SQL view
// listing_stock (prisma/sql/listing_stock.sql). Screens that read stock
// either join the view in their own SQL or call getListingStock; none restates the formula.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

export interface ListingStock {
  listingId: string;
  active: boolean;
  onHand: number;
  /** The counter: units in ACTIVE holds, lapsed ones included until the sweep tidies them. */
  reserved: number;
  /** Units in live holds: carts and orders awaiting payment. */
  liveHeld: number;
  liveInCarts: number;
  pendingOrderUnits: number;
  /** Units in holds past their expiry: already free, only not tidied yet. */
  lapsedHeld: number;
  /** On hand minus live holds; counted whether or not the listing is active. */
  available: number;
}

const stockRowSchema = z.object({
  listing_id: col.text,
  active: col.bool,
  on_hand: col.int,
  reserved: col.int,
  live_held: col.int,
  live_in_carts: col.int,
  pending_order_units: col.int,
  lapsed_held: col.int,
  available: col.int,
});

/** Stock of the given listings, keyed by id; unknown ids are simply absent. */
export async function getListingStock(tx: Tx, listingIds: string[]): Promise<Map<string, ListingStock>> {
  if (listingIds.length === 0) return new Map();
  const rows = await sqlRows(
    tx,
    stockRowSchema,
    Prisma.sql`
    SELECT listing_id::text, active, on_hand, reserved, live_held, live_in_carts, pending_order_units, lapsed_held, available
      FROM listing_stock
     WHERE listing_id = ANY(${listingIds}::uuid[])`,
  );
  return new Map(
    rows.map((row) => [
      row.listing_id,
      {
        listingId: row.listing_id,
        active: row.active,
        onHand: row.on_hand,
        reserved: row.reserved,
        liveHeld: row.live_held,
        liveInCarts: row.live_in_carts,
        pendingOrderUnits: row.pending_order_units,
        lapsedHeld: row.lapsed_held,
        available: row.available,
      },
    ]),
  );
}
