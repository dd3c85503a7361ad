// The core of "adding to the cart reserves it" (I1-I3): make a cart line's hold cover the
// line's quantity, in one guarded statement that checks stock, moves the counter, writes
// the hold and the ledger row together. Never read-then-write.
//
// The statement lives in the database as reserve_cart_line() (prisma/sql/reserve_cart_line.sql),
// together with the lazy expiry it runs first, so a reservation costs one round trip and its
// inner statements are planned once per connection, not on every call. Its comment there says
// in which order locks are taken: the line's own hold, then the listing row; lapsed holds (in id
// order) before the listing row, like lib/stock/expire-holds.ts.
import { z } from "zod";
import { sqlInterval } from "@/lib/db/interval";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

export type LineHoldStatus = "reserved" | "partial" | "not-reserved";

export interface LineHold {
  cartItemId: string;
  listingId: string;
  status: LineHoldStatus;
  /** The line's quantity. */
  wanted: number;
  /** Units the line's live hold covers (0 when none). */
  held: number;
  holdId: string | null;
  /** Proof of ownership: only a caller presenting it can release the hold. */
  ownerToken: string | null;
  expiresAt: Date | null;
  /** Units nobody holds right now (after expired holds were freed). */
  available: number;
  /** The database's clock when it decided: countdowns are computed against this. */
  now: Date;
}

export interface ReserveHoldInput {
  cartItemId: string;
  /** The line's listing (the caller has it from writing the line). */
  listingId: string;
  /** How long a new or grown hold lasts (CART_HOLD_TTL; tests pass a second). */
  ttlMs: number;
}

/** A row of the database's cart_line_hold type, as the cart functions answer it. */
export const lineHoldRow = z.object({
  /** Null only on a row a drop's line refused (`gate` set): nothing was written. */
  cart_item_id: col.nullableText,
  listing_id: col.text,
  wanted: col.int,
  hold_id: col.nullableText,
  held: col.int,
  expires_at: col.nullableTime,
  owner_token: col.nullableText,
  available: col.int,
  db_now: col.time,
  gate: col.nullableText,
});
export type LineHoldRow = z.infer<typeof lineHoldRow>;

/** The select list that reads a cart_line_hold row (ids as text). */
export const lineHoldColumns = Prisma.raw(
  "cart_item_id::text, listing_id::text, wanted, hold_id::text, held, expires_at, owner_token::text, available, db_now, gate",
);

export function toLineHold(row: LineHoldRow): LineHold {
  if (row.cart_item_id === null) throw new Error(`a cart line answer without its line (gate ${row.gate ?? "none"})`);
  return {
    cartItemId: row.cart_item_id,
    listingId: row.listing_id,
    status: row.held >= row.wanted ? "reserved" : row.held > 0 ? "partial" : "not-reserved",
    wanted: row.wanted,
    held: row.held,
    holdId: row.hold_id,
    ownerToken: row.owner_token,
    expiresAt: row.expires_at,
    available: row.available,
    now: row.db_now,
  };
}

/**
 * Makes the live hold of a cart line cover the line's quantity: creates it, grows it (and
 * restarts its TTL), or shrinks it (releasing the difference). Growth is all or nothing:
 * when the extra units are not available the line keeps what it held, and the result says
 * "partial" or "not-reserved" with the number still available (re-read after a refusal, so
 * "only N left" is honest). Expired holds on the listing stop counting first (I3), sweep or
 * no sweep.
 *
 * The caller must have locked the cart line in this transaction (the cart functions do,
 * by writing it first), so one customer's clicks on the same line take turns.
 * Returns null when the cart line does not exist.
 */
export async function reserveHold(tx: Tx, input: ReserveHoldInput): Promise<LineHold | null> {
  const rows = await sqlRows(
    tx,
    lineHoldRow,
    Prisma.sql`
    SELECT ${lineHoldColumns}
      FROM reserve_cart_line(${input.cartItemId}::uuid, ${input.listingId}::uuid, ${sqlInterval(input.ttlMs)})`,
  );
  const row = rows[0];
  return row ? toLineHold(row) : null;
}
