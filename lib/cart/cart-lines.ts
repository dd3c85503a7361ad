// Cart steps: add, change quantity, remove. Each is one short transaction (run by
// lib/steps/run-step.ts): write the cart line (which locks it, so one customer's double
// clicks take turns), then let the hold follow the line (reserveHold / releaseHold). The line
// is kept even when nothing could be reserved: the cart says "not reserved" and placing the
// order tries again.
import { reserveHold, type LineHold } from "../holds/reserve-hold";
import { releaseHold } from "../holds/release-hold";
import { Prisma, type Tx } from "../prisma";
import { ok, refuse, type Refusal } from "../steps/result";
import { MAX_LINE_QUANTITY } from "./schemas";

export type CartStepResult = { ok: true; line: LineHold } | Refusal<"not-found">;

export interface AddToCartInput {
  userId: string;
  listingId: string;
  quantity: number;
  ttlMs: number;
}

/** Adds units of a listing to the customer's cart (creating cart and line as needed) and reserves them. */
export async function addToCart(tx: Tx, input: AddToCartInput): Promise<CartStepResult> {
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    WITH cart AS (
      INSERT INTO carts (id, user_id) VALUES (gen_random_uuid(), ${input.userId}::uuid)
      ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
      RETURNING id
    )
    INSERT INTO cart_items (id, cart_id, listing_id, quantity)
    SELECT gen_random_uuid(), cart.id, l.id, LEAST(${input.quantity}::int, ${MAX_LINE_QUANTITY}::int)
      FROM cart, listings l
     WHERE l.id = ${input.listingId}::uuid AND l.active
    ON CONFLICT (cart_id, listing_id)
      DO UPDATE SET quantity = LEAST(cart_items.quantity + EXCLUDED.quantity, ${MAX_LINE_QUANTITY}::int)
    RETURNING id::text`);
  const cartItemId = rows[0]?.id;
  if (!cartItemId) return refuse("not-found");
  const line = await reserveHold(tx, { cartItemId, listingId: input.listingId, ttlMs: input.ttlMs });
  return line ? ok({ line }) : refuse("not-found");
}

export interface SetQuantityInput {
  userId: string;
  cartItemId: string;
  /** 0 removes the line. */
  quantity: number;
  ttlMs: number;
}

export type SetQuantityResult = CartStepResult | { ok: true; removed: true };

/** Sets a line's quantity: a raise reserves the extra units, a cut releases them, 0 removes the line. */
export async function setCartQuantity(tx: Tx, input: SetQuantityInput): Promise<SetQuantityResult> {
  if (input.quantity <= 0) {
    const removed = await removeFromCart(tx, input);
    return removed.ok ? ok({ removed: true as const }) : removed;
  }
  const rows = await tx.$queryRaw<{ listing_id: string }[]>(Prisma.sql`
    UPDATE cart_items ci SET quantity = LEAST(${input.quantity}::int, ${MAX_LINE_QUANTITY}::int)
      FROM carts c
     WHERE ci.id = ${input.cartItemId}::uuid AND c.id = ci.cart_id AND c.user_id = ${input.userId}::uuid
     RETURNING ci.listing_id::text`);
  const listingId = rows[0]?.listing_id;
  if (!listingId) return refuse("not-found");
  const line = await reserveHold(tx, { cartItemId: input.cartItemId, listingId, ttlMs: input.ttlMs });
  return line ? ok({ line }) : refuse("not-found");
}

export interface RemoveLineInput {
  userId: string;
  cartItemId: string;
}

export type RemoveLineResult = { ok: true; releasedUnits: number } | Refusal<"not-found">;

/** Removes a line and releases its hold (with the hold's own owner token). */
export async function removeFromCart(tx: Tx, input: RemoveLineInput): Promise<RemoveLineResult> {
  // Locks the customer's own line; its live hold, if any, comes with the token that frees it.
  const rows = await tx.$queryRaw<{ hold_id: string | null; owner_token: string | null }[]>(Prisma.sql`
    SELECT h.id::text AS hold_id, h.owner_token::text
      FROM cart_items ci
      JOIN carts c ON c.id = ci.cart_id
      LEFT JOIN holds h ON h.cart_item_id = ci.id AND h.status = 'ACTIVE'
     WHERE ci.id = ${input.cartItemId}::uuid AND c.user_id = ${input.userId}::uuid
       FOR UPDATE OF ci`);
  const row = rows[0];
  if (!row) return refuse("not-found");
  let releasedUnits = 0;
  if (row.hold_id && row.owner_token) {
    const released = await releaseHold(tx, { holdId: row.hold_id, ownerToken: row.owner_token, reason: "removed from cart" });
    if (released.released) releasedUnits = released.quantity;
  }
  await tx.$executeRaw(Prisma.sql`DELETE FROM cart_items WHERE id = ${input.cartItemId}::uuid`);
  return ok({ releasedUnits });
}
