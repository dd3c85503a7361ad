// What the shop owner sees of a listing's reservations: live cart holds and pending orders
// holding stock, with their expiry. Customers appear masked: the owner needs to know how
// much is held and until when, not by whom. The totals come from listing_stock, the one
// definition of stock, so they agree with what customers see and cover every hold, not only
// the rows listed.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

export interface ListingHoldView {
  id: string;
  kind: "cart" | "order";
  quantity: number;
  /** "Alice B." -> "A." */
  customer: string;
  expiresAt: Date;
  /** Past its expiry but not tidied yet: it already blocks nobody. */
  lapsed: boolean;
  orderId: string | null;
}

export interface ListingHolds {
  listingId: string;
  onHand: number;
  /** The counter: lapsed holds stay in it until the sweep tidies them. */
  reserved: number;
  /** Units in live cart holds. */
  inCarts: number;
  /** Units in live holds of orders awaiting payment. */
  inPendingOrders: number;
  /** Units a customer can reserve now. */
  available: number;
  /** ACTIVE holds, soonest to end first (at most 200). */
  holds: ListingHoldView[];
  now: Date;
}

/** Null when the listing is not this shop's. */
export async function listHoldsForListing(tx: Tx, shopId: string, listingId: string): Promise<ListingHolds | null> {
  const listing = await sqlRows(
    tx,
    z.object({
      on_hand: col.int,
      reserved: col.int,
      live_in_carts: col.int,
      pending_order_units: col.int,
      available: col.int,
      now: col.time,
    }),
    Prisma.sql`
    SELECT on_hand, reserved, live_in_carts, pending_order_units, available, now() AS now FROM listing_stock
     WHERE listing_id = ${listingId}::uuid AND shop_id = ${shopId}::uuid`,
  );
  const head = listing[0];
  if (!head) return null;
  const rows = await sqlRows(
    tx,
    z.object({ id: col.text, order_id: col.nullableText, quantity: col.int, name: col.text, expires_at: col.time, lapsed: col.bool }),
    Prisma.sql`
    SELECT h.id::text, h.order_id::text, h.quantity, u.name, h.expires_at, NOT hold_is_live(h.status, h.expires_at) AS lapsed
      FROM holds h JOIN users u ON u.id = h.user_id
     WHERE h.listing_id = ${listingId}::uuid AND h.status = 'ACTIVE'
     ORDER BY h.expires_at
     LIMIT 200`,
  );
  return {
    listingId,
    onHand: head.on_hand,
    reserved: head.reserved,
    inCarts: head.live_in_carts,
    inPendingOrders: head.pending_order_units,
    available: head.available,
    holds: rows.map((row) => ({
      id: row.id,
      kind: row.order_id ? "order" : "cart",
      quantity: row.quantity,
      customer: maskName(row.name),
      expiresAt: row.expires_at,
      lapsed: row.lapsed,
      orderId: row.order_id,
    })),
    now: head.now,
  };
}

function maskName(name: string): string {
  const initial = name.trim().charAt(0).toUpperCase();
  return initial ? `${initial}.` : "Customer";
}
