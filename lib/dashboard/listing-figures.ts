// The owner's stock figures for one listing: what is on hand, and where those units are. Each
// figure counts distinct units, from the one definition of stock (the listing_stock view) and
// the ledger (sold), so they add up: on hand = available + in carts + awaiting payment.
import "server-only";
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";

export interface ListingFigures {
  active: boolean;
  onHand: number;
  /** What a customer can reserve now: on hand minus live holds. */
  available: number;
  /** Units in live cart holds. */
  inCarts: number;
  /** Units in live holds of orders placed but not paid yet. */
  awaitingPayment: number;
  /** Units in holds past their expiry: free already, counted in `reserved` until a sweep tidies them. */
  lapsed: number;
  /** All live holds (inCarts + awaitingPayment). */
  held: number;
  /** The counter of ACTIVE holds, lapsed ones included. */
  reserved: number;
  /** Units sold over the listing's life (SALE rows of the ledger). */
  sold: number;
}

const figuresRow = z.object({
  active: col.bool,
  on_hand: col.int,
  available: col.int,
  live_in_carts: col.int,
  pending_order_units: col.int,
  lapsed_held: col.int,
  live_held: col.int,
  reserved: col.int,
  sold: col.int,
});

/** Null when the listing is not this shop's. */
export async function getListingFigures(tx: Tx, shopId: string, listingId: string): Promise<ListingFigures | null> {
  const row = await sqlRow(
    tx,
    figuresRow,
    Prisma.sql`
    SELECT s.active, s.on_hand, s.available, s.live_in_carts, s.pending_order_units, s.lapsed_held, s.live_held, s.reserved,
           COALESCE((SELECT -SUM(m.on_hand_delta) FROM inventory_movements m
                      WHERE m.listing_id = s.listing_id AND m.kind = 'SALE'), 0)::int AS sold
      FROM listing_stock s
     WHERE s.listing_id = ${listingId}::uuid AND s.shop_id = ${shopId}::uuid`,
  );
  if (!row) return null;
  return {
    active: row.active,
    onHand: row.on_hand,
    available: row.available,
    inCarts: row.live_in_carts,
    awaitingPayment: row.pending_order_units,
    lapsed: row.lapsed_held,
    held: row.live_held,
    reserved: row.reserved,
    sold: row.sold,
  };
}
