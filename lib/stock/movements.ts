// Stock movements an owner makes: receiving goods and adjusting counts. Each is one
// statement that checks, changes the counter and writes the ledger row together (I1, I2).
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";
import { expireHoldsOnListing } from "@/lib/stock/expire-holds";

export interface StockLevels {
  listingId: string;
  onHand: number;
  reserved: number;
}

/** Set by owner-facing callers: the movement applies only to a listing of this shop. */
interface ShopScope {
  shopId?: string | null;
}

export interface ReceiveStockInput extends ShopScope {
  listingId: string;
  quantity: number;
  actorId?: string | null;
  reason?: string | null;
}

export type ReceiveStockResult = Ok<{ levels: StockLevels }> | Refusal<"not-found">;

/** Adds received units; `not-found` when the listing does not exist (in this shop). */
export async function receiveStock(tx: Tx, input: ReceiveStockInput): Promise<ReceiveStockResult> {
  if (!Number.isInteger(input.quantity) || input.quantity <= 0) {
    throw new RangeError("received quantity must be a positive integer");
  }
  const rows = await sqlRows(
    tx,
    z.object({ id: col.text, on_hand: col.int, reserved: col.int }),
    Prisma.sql`
    WITH moved AS (
      UPDATE listings SET on_hand = on_hand + ${input.quantity}, updated_at = now()
       WHERE id = ${input.listingId}::uuid AND ${shopMatches(input.shopId)}
       RETURNING id, on_hand, reserved
    ), ledger AS (
      INSERT INTO inventory_movements (listing_id, kind, on_hand_delta, reason, actor_id)
      SELECT id, 'RECEIVE', ${input.quantity}, ${input.reason ?? null}, ${input.actorId ?? null}::uuid FROM moved
    )
    SELECT id::text, on_hand, reserved FROM moved`,
  );
  const row = rows[0];
  return row ? ok({ levels: { listingId: row.id, onHand: row.on_hand, reserved: row.reserved } }) : refuse("not-found");
}

export interface AdjustStockInput extends ShopScope {
  listingId: string;
  /** Positive for found units, negative for damaged, lost or miscounted ones. */
  delta: number;
  reason: string;
  actorId?: string | null;
}

export type AdjustStockResult =
  | Ok<{ levels: StockLevels }>
  | Refusal<"not-found">
  /** Customers' live holds keep `reserved` of the `onHand` units: at most onHand - reserved can go. */
  | Refusal<"below-reserved", { onHand: number; reserved: number }>;

/**
 * Corrects the count on hand. A reduction may not take on_hand below what customers have
 * reserved: the guard is in the same statement, so no concurrent hold can slip between.
 * Run it in a transaction (runStep): a reduction first frees the listing's lapsed holds (I3:
 * a hold past its expiry blocks nobody, swept or not), taking locks in the order every
 * reservation does, holds then the listing row, so the guard counts live holds only. That
 * tidy does not look at the shop: freeing lapsed holds is right whoever asks, and another
 * shop's listing is still "not found" below.
 */
export async function adjustStock(tx: Tx, input: AdjustStockInput): Promise<AdjustStockResult> {
  if (!Number.isInteger(input.delta) || input.delta === 0) {
    throw new RangeError("adjustment must be a non-zero integer");
  }
  if (input.delta < 0) await expireHoldsOnListing(tx, input.listingId);
  const rows = await sqlRows(
    tx,
    z.object({ id: col.text, on_hand: col.int, reserved: col.int, applied: col.bool }),
    Prisma.sql`
    WITH moved AS (
      UPDATE listings SET on_hand = on_hand + ${input.delta}, updated_at = now()
       WHERE id = ${input.listingId}::uuid AND ${shopMatches(input.shopId)} AND on_hand + ${input.delta} >= reserved
       RETURNING id, on_hand, reserved
    ), ledger AS (
      INSERT INTO inventory_movements (listing_id, kind, on_hand_delta, reason, actor_id)
      SELECT id, 'ADJUST', ${input.delta}, ${input.reason}, ${input.actorId ?? null}::uuid FROM moved
    )
    SELECT id::text, on_hand, reserved, true AS applied FROM moved
    UNION ALL
    SELECT id::text, on_hand, reserved, false FROM listings
     WHERE id = ${input.listingId}::uuid AND ${shopMatches(input.shopId)} AND NOT EXISTS (SELECT 1 FROM moved)`,
  );
  const row = rows[0];
  if (!row) return refuse("not-found");
  if (!row.applied) return refuse("below-reserved", { onHand: row.on_hand, reserved: row.reserved });
  return ok({ levels: { listingId: row.id, onHand: row.on_hand, reserved: row.reserved } });
}

// Ownership sits in the statement's WHERE clause: another shop's listing is simply "not
// found", with no window between a check and the write.
function shopMatches(shopId: string | null | undefined): Prisma.Sql {
  return shopId ? Prisma.sql`shop_id = ${shopId}::uuid` : Prisma.sql`TRUE`;
}
