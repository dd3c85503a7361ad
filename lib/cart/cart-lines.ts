// Cart steps: add, change quantity, remove. Adding and changing a quantity are each ONE
// statement, a SQL function (prisma/sql/cart_add.sql, cart_set_quantity.sql): write the cart line (which
// locks it, so one customer's double clicks take turns), free the listing's lapsed holds, then
// let the hold follow the line. The line is kept even when nothing could be reserved: the cart
// says "not reserved" and placing the order tries again.
//
// Two ways to run them. As steps (`addToCart(tx, input)`), they join a caller's transaction
// like any step. On their own (`runAddToCart(db, input)`, what the action, the race tests and
// the bench call), the statement is its own transaction: atomic by itself, committed in the
// same round trip, so the hot listing row is never locked while the database waits for us.
import { z } from "zod";
import { createCoalescer } from "@/lib/cart/coalesce";
import { MAX_LINE_QUANTITY } from "@/lib/cart/schemas";
import { sqlInterval } from "@/lib/db/interval";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { withRetry } from "@/lib/db/retry";
import { col, sqlRows } from "@/lib/db/rows";
import { parseGate, type DropGateReason } from "@/lib/drops/gate";
import { ok, refuse, type Refusal } from "@/lib/steps/result";
import { runStep } from "@/lib/steps/run-step";
import { releaseHold } from "@/lib/stock/release-hold";
import { lineHoldColumns, lineHoldRow, toLineHold, type LineHold, type LineHoldRow } from "@/lib/stock/reserve-hold";

/** A line's hold, or why nothing was written: no such (active) listing or line, or its drop's line refused. */
export type CartStepResult = { ok: true; line: LineHold } | Refusal<"not-found"> | Refusal<DropGateReason>;

/**
 * Add to cart's answer: the line's hold and the units now in the customer's cart (the header's
 * badge), read in the same statement as the add (cartUnits), so the action makes no second
 * round trip for it.
 */
export type AddToCartResult = { ok: true; line: LineHold; cartUnits: number } | Refusal<"not-found"> | Refusal<DropGateReason>;

/** One row of a cart function: the line, or the refusal its drop's gate answered (no row: not found). */
function lineResult(row: LineHoldRow | undefined): CartStepResult {
  if (!row) return refuse("not-found");
  const gate = parseGate(row.gate);
  return gate ? refuse(gate) : ok({ line: toLineHold(row) });
}

export interface AddToCartInput {
  userId: string;
  listingId: string;
  quantity: number;
  ttlMs: number;
  /** Most units one customer may hold of a listing (CUSTOMER_UNITS_PER_LISTING); MAX_LINE_QUANTITY by default. */
  maxQuantity?: number;
}

/** The line's cap: the per-line maximum, lowered by the per-customer limit when one is given. */
const lineCap = (input: { maxQuantity?: number }) => Math.min(MAX_LINE_QUANTITY, input.maxQuantity ?? MAX_LINE_QUANTITY);

/** Adds units of a listing to the customer's cart (creating cart and line as needed) and reserves them. */
export async function addToCart(tx: Tx, input: AddToCartInput): Promise<AddToCartResult> {
  const rows = await sqlRows(
    tx,
    addRow,
    Prisma.sql`
    SELECT ${lineHoldColumns}, ${cartUnits("added", Prisma.sql`${input.userId}::uuid`)} AS cart_units
      FROM cart_add(${input.userId}::uuid, ${input.listingId}::uuid, ${input.quantity}::int,
                    ${lineCap(input)}::int, ${sqlInterval(input.ttlMs)}) added`,
  );
  return addResult(rows[0]);
}

/**
 * The units in the customer's cart after the add, beside the add in the same statement: the
 * line's own quantity (`wanted`, as the add left it) plus the customer's other lines. Those are
 * read with the statement's snapshot, from before the add, which the add does not change; no
 * fresh snapshot per customer while the statement still holds the listing's row (a VOLATILE
 * count there slowed the hot listing's coalesced adds by a fifth, npm run bench).
 */
const cartUnits = (line: "added" | "decided", user: Prisma.Sql) => Prisma.sql`
  (COALESCE(${Prisma.raw(line)}.wanted, 0) + (SELECT COALESCE(SUM(i.quantity), 0) FROM carts c JOIN cart_items i ON i.cart_id = c.id
     WHERE c.user_id = ${user} AND i.id IS DISTINCT FROM ${Prisma.raw(line)}.cart_item_id))::int`;

/** A line with its customer's cart units, as addToCart and addToCartBatch read it. */
function addResult(row: z.output<typeof addRow> | undefined): AddToCartResult {
  if (!row) return refuse("not-found");
  const result = lineResult(row);
  return result.ok ? { ...result, cartUnits: row.cart_units } : result;
}

/**
 * Add to cart on its own, the way the action runs it (and the race tests and the bench): adds
 * of one listing that arrive while another is being decided are decided together, in arrival
 * order, by one statement (lib/cart/coalesce.ts, cart_add_batch); a lone add is one statement
 * of its own. Either way the outcome per customer is exactly addToCart's. A refusal
 * ("not-found": no such listing, or paused) wrote nothing.
 */
export function runAddToCart(db: Db, input: AddToCartInput): Promise<AddToCartResult> {
  let coalesced = coalescers.get(db);
  if (!coalesced) {
    coalesced = createCoalescer<AddToCartInput, AddToCartResult>({
      key: (add) => add.listingId,
      // One customer once per batch (their line is written once per statement); one TTL per batch.
      fits: (batch, next) =>
        batch[0]!.ttlMs === next.ttlMs && lineCap(batch[0]!) === lineCap(next) && batch.every((add) => add.userId !== next.userId),
      maxBatch: MAX_BATCH,
      runOne: (add) => addToCartAlone(db, add),
      runMany: (adds) => withRetry(() => addToCartBatch(db, adds)),
    });
    coalescers.set(db, coalesced);
  }
  return coalesced(input);
}

/** Largest batch: long enough to drain a launch crowd quickly, short enough to keep each statement brief. */
const MAX_BATCH = 128;
const coalescers = new WeakMap<Db, (input: AddToCartInput) => Promise<AddToCartResult>>();

/** addToCart as one statement in its own transaction, retried on deadlock or serialization failure. */
export function addToCartAlone(db: Db, input: AddToCartInput): Promise<AddToCartResult> {
  return withRetry(() => addToCart(db, input));
}

// Built once: zod compiles a schema on first use, so a schema made per call costs a compile per batch.
const addRow = lineHoldRow.extend({ cart_units: col.int });
const batchLineRow = addRow.extend({ ord: col.int });

/** Several customers' adds of one listing, decided in order by one statement (cart_add_batch). */
export async function addToCartBatch(tx: Tx, adds: AddToCartInput[]): Promise<AddToCartResult[]> {
  const first = adds[0];
  if (!first) return [];
  const rows = await sqlRows(
    tx,
    batchLineRow,
    Prisma.sql`
    SELECT ord, ${lineHoldColumns}, ${cartUnits("decided", Prisma.sql`decided.user_id`)} AS cart_units
      FROM (SELECT b.ord, (b.line).*, (${adds.map((add) => add.userId)}::uuid[])[b.ord] AS user_id FROM cart_add_batch(
              ${first.listingId}::uuid, ${adds.map((add) => add.userId)}::uuid[], ${adds.map((add) => add.quantity)}::int[],
              ${lineCap(first)}::int, ${sqlInterval(first.ttlMs)}) b) decided`,
  );
  const byOrd = new Map(rows.map((row) => [row.ord, row]));
  return adds.map((_, i) => addResult(byOrd.get(i + 1)));
}

export interface SetQuantityInput {
  userId: string;
  cartItemId: string;
  /** 0 removes the line. */
  quantity: number;
  ttlMs: number;
  /** As AddToCartInput.maxQuantity. */
  maxQuantity?: number;
}

export type SetQuantityResult = CartStepResult | { ok: true; removed: true };

/** Sets a line's quantity: a raise reserves the extra units, a cut releases them, 0 removes the line. */
export async function setCartQuantity(tx: Tx, input: SetQuantityInput): Promise<SetQuantityResult> {
  if (input.quantity <= 0) {
    const removed = await removeFromCart(tx, input);
    return removed.ok ? ok({ removed: true as const }) : removed;
  }
  const rows = await sqlRows(
    tx,
    lineHoldRow,
    Prisma.sql`
    SELECT ${lineHoldColumns}
      FROM cart_set_quantity(${input.userId}::uuid, ${input.cartItemId}::uuid, ${input.quantity}::int,
                             ${lineCap(input)}::int, ${sqlInterval(input.ttlMs)})`,
  );
  return lineResult(rows[0]);
}

export interface ReserveLineInput {
  userId: string;
  cartItemId: string;
  ttlMs: number;
  /** As AddToCartInput.maxQuantity. */
  maxQuantity?: number;
}

/**
 * "Reserve again": reserves a line whose hold lapsed (or never came) at the quantity it has,
 * one statement on its own: cart_set_quantity with the line's own quantity, read in the same
 * statement. Someone else's line, or a removed one, is "not-found".
 */
export function runReserveCartLine(db: Db, input: ReserveLineInput): Promise<CartStepResult> {
  return withRetry(async () => {
    const rows = await sqlRows(
      db,
      lineHoldRow,
      Prisma.sql`
      SELECT ${lineHoldColumns}
        FROM cart_set_quantity(${input.userId}::uuid, ${input.cartItemId}::uuid,
                               (SELECT quantity FROM cart_items WHERE id = ${input.cartItemId}::uuid),
                               ${lineCap(input)}::int, ${sqlInterval(input.ttlMs)})`,
    );
    return lineResult(rows[0]);
  });
}

/**
 * A quantity change on its own, as the action runs it: a raise or a cut is one statement (its
 * own transaction); 0 removes the line, which takes a short transaction of its own.
 */
export function runSetCartQuantity(db: Db, input: SetQuantityInput): Promise<SetQuantityResult> {
  if (input.quantity <= 0) return runStep(db, setCartQuantity, input);
  return withRetry(() => setCartQuantity(db, input));
}

export interface RemoveLineInput {
  userId: string;
  cartItemId: string;
}

export type RemoveLineResult = { ok: true; releasedUnits: number } | Refusal<"not-found">;

/** Removes a line and releases its hold (with the hold's own owner token). */
export async function removeFromCart(tx: Tx, input: RemoveLineInput): Promise<RemoveLineResult> {
  // Locks the customer's own line; its live hold, if any, comes with the token that frees it.
  const rows = await sqlRows(
    tx,
    z.object({ hold_id: col.nullableText, owner_token: col.nullableText }),
    Prisma.sql`
    SELECT h.id::text AS hold_id, h.owner_token::text
      FROM cart_items ci
      JOIN carts c ON c.id = ci.cart_id
      LEFT JOIN holds h ON h.cart_item_id = ci.id AND h.status = 'ACTIVE'
     WHERE ci.id = ${input.cartItemId}::uuid AND c.user_id = ${input.userId}::uuid
       FOR UPDATE OF ci`,
  );
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
