// The core of "adding to the cart reserves it" (I1-I3): make a cart line's hold cover the
// line's quantity, in one guarded statement that checks stock, moves the counter, writes
// the hold and the ledger row together. Never read-then-write.
import { Prisma, type Tx } from "../prisma";
import { sqlInterval } from "../sql-time";
import { expireHoldsOnListing } from "./expire-holds";

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

interface ReserveRow {
  listing_id: string;
  wanted: number;
  hold_id: string | null;
  held: number | null;
  expires_at: Date | null;
  owner_token: string | null;
  available: number;
  now: Date;
}

/**
 * Makes the live hold of a cart line cover the line's quantity: creates it, grows it (and
 * restarts its TTL), or shrinks it (releasing the difference). Growth is all or nothing:
 * when the extra units are not available the line keeps what it held, and the result says
 * "partial" or "not-reserved" with the number still available.
 *
 * The caller must have locked the cart line in this transaction (the cart functions do,
 * by writing it first), so one customer's clicks on the same line take turns.
 * Returns null when the cart line does not exist.
 */
export async function reserveHold(tx: Tx, input: ReserveHoldInput): Promise<LineHold | null> {
  // I3: expired holds on this listing stop counting before we decide, sweep or no sweep.
  await expireHoldsOnListing(tx, input.listingId);

  const ttl = sqlInterval(input.ttlMs);
  // Order of locks inside the statement: the line's own hold (cur), then the listing row
  // (moved). Everyone else who touches both takes them in that order too.
  const rows = await tx.$queryRaw<ReserveRow[]>(Prisma.sql`
    WITH line AS (
      SELECT ci.id, ci.listing_id, ci.quantity, c.user_id
        FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
       WHERE ci.id = ${input.cartItemId}::uuid AND ci.listing_id = ${input.listingId}::uuid
    ), cur AS (
      SELECT h.id, h.quantity, h.expires_at, h.owner_token
        FROM holds h JOIN line ON h.cart_item_id = line.id
       WHERE h.status = 'ACTIVE' AND h.expires_at > now()
         FOR NO KEY UPDATE OF h
    ), want AS (
      SELECT line.quantity - COALESCE((SELECT quantity FROM cur), 0) AS delta FROM line
    ), moved AS (
      UPDATE listings l SET reserved = l.reserved + want.delta
        FROM want, line
       WHERE l.id = line.listing_id AND want.delta <> 0
         AND (want.delta < 0 OR (l.active AND l.on_hand - l.reserved >= want.delta))
       RETURNING l.id, want.delta, l.on_hand - l.reserved AS available
    ), grown AS (
      UPDATE holds h
         SET quantity = line.quantity,
             expires_at = CASE WHEN moved.delta > 0 THEN now() + ${ttl} ELSE h.expires_at END
        FROM cur, moved, line
       WHERE h.id = cur.id
       RETURNING h.id, h.quantity, h.expires_at, h.owner_token
    ), created AS (
      INSERT INTO holds (id, listing_id, user_id, cart_item_id, quantity, owner_token, expires_at)
      SELECT gen_random_uuid(), line.listing_id, line.user_id, line.id, line.quantity, gen_random_uuid(), now() + ${ttl}
        FROM line, moved
       WHERE NOT EXISTS (SELECT 1 FROM cur)
       RETURNING id, quantity, expires_at, owner_token
    ), ledger AS (
      INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, actor_id, reason)
      SELECT moved.id,
             (CASE WHEN moved.delta > 0 THEN 'HOLD' ELSE 'RELEASE' END)::movement_kind,
             moved.delta,
             COALESCE(grown.id, created.id),
             line.user_id,
             CASE WHEN moved.delta > 0 THEN 'added to cart' ELSE 'cart quantity lowered' END
        FROM moved CROSS JOIN line
        LEFT JOIN grown ON true
        LEFT JOIN created ON true
    ), hold AS (
      SELECT id, quantity, expires_at, owner_token FROM grown
      UNION ALL SELECT id, quantity, expires_at, owner_token FROM created
      UNION ALL SELECT id, quantity, expires_at, owner_token FROM cur WHERE NOT EXISTS (SELECT 1 FROM grown)
    )
    SELECT line.listing_id::text,
           line.quantity AS wanted,
           hold.id::text AS hold_id,
           hold.quantity AS held,
           hold.expires_at,
           hold.owner_token::text,
           COALESCE((SELECT available FROM moved),
                    (SELECT on_hand - reserved FROM listings WHERE id = line.listing_id))::int AS available,
           now() AS now
      FROM line LEFT JOIN hold ON true`);

  const row = rows[0];
  if (!row) return null;
  const held = row.held ?? 0;
  if (held < row.wanted) {
    // Refused growth saw the listing as it is now (the UPDATE re-read the locked row), but
    // this statement's snapshot may predate the buyers who won: re-read for an honest "only N left".
    const fresh = await tx.$queryRaw<{ available: number }[]>(
      Prisma.sql`SELECT (on_hand - reserved)::int AS available FROM listings WHERE id = ${input.listingId}::uuid`,
    );
    row.available = fresh[0]?.available ?? row.available;
  }
  return {
    cartItemId: input.cartItemId,
    listingId: row.listing_id,
    status: held >= row.wanted ? "reserved" : held > 0 ? "partial" : "not-reserved",
    wanted: row.wanted,
    held,
    holdId: row.hold_id,
    ownerToken: row.owner_token,
    expiresAt: row.expires_at,
    available: row.available,
    now: row.now,
  };
}
