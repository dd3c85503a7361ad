// Placing an order from the cart (I4, I9): one order per submission, the cart's holds become
// the order's holds until its payment deadline, and a line whose hold expired is reserved
// again — or reported plainly when it sold out meanwhile. The checkout saga's first step.
import { z } from "zod";
import { sqlInterval } from "@/lib/db/interval";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { checkDropGate, type DropGateReason, type GatedLine } from "@/lib/drops/gate";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";
import { ok, refuse, type Refusal } from "@/lib/steps/result";
import { expireHoldsOnListings } from "@/lib/stock/expire-holds";
import { reserveHold } from "@/lib/stock/reserve-hold";

export interface ShippingAddress {
  name: string;
  street: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface PlaceOrderInput {
  userId: string;
  /** From the checkout form: the same submission sent twice yields the same order. */
  idempotencyKey: string;
  /** The customer saw the sold-out lines and chose to order the rest. */
  continueWithoutSoldOut: boolean;
  /** CART_HOLD_TTL: for re-reserving lines whose hold ran out (they stay in the cart if refused). */
  cartTtlMs: number;
  /** ORDER_PAYMENT_TTL: the order's holds last until its payment deadline. */
  paymentTtlMs: number;
  /** From the checkout form; absent for orders placed by scripts and older tests. */
  contactEmail?: string | null;
  shippingAddress?: ShippingAddress | null;
  /** Per-customer limits against inventory denial (CUSTOMER_* settings); none when absent. */
  customerLimits?: CustomerLimits | null;
}

/**
 * An unpaid order keeps its stock for up to ORDER_PAYMENT_TTL: without limits one account could
 * place an order for every unit of a scarce listing and never pay, locking everyone else out.
 */
export interface CustomerLimits {
  /** Units of one listing a customer may have in orders awaiting payment, this one included. */
  unitsPerListing: number;
  /** Orders awaiting payment a customer may have, this one included. */
  unpaidOrders: number;
}

export interface OverLimitLine {
  listingId: string;
  /** The product with its variant: "Title (Variant)". */
  productTitle: string;
  /** Units of it in the cart, for this order. */
  wanted: number;
  /** Units of it already in the customer's other orders awaiting payment. */
  awaitingPayment: number;
}

export interface SoldOutLine {
  cartItemId: string;
  listingId: string;
  /** The product with its variant: "Title (Variant)". */
  productTitle: string;
  wanted: number;
  /** Units still free (0 when sold out, fewer than wanted otherwise). */
  available: number;
}

export type PlaceOrderResult =
  | { ok: true; orderId: string; existing: boolean; skipped: SoldOutLine[] }
  | Refusal<"empty-cart">
  | Refusal<"sold-out" | "nothing-left", { soldOut: SoldOutLine[] }>
  | Refusal<"too-many-unpaid", { limit: number; unpaid: number }>
  | Refusal<"over-customer-limit", { limit: number; lines: OverLimitLine[] }>
  | Refusal<DropGateReason, { lines: GatedLine[] }>;

const cartLineRow = z.object({ id: col.text, listing_id: col.text, title: col.text });
const overLimitRow = z.object({ listing_id: col.text, title: col.text, wanted: col.int, awaiting: col.int });

async function checkCustomerLimits(
  tx: Tx,
  userId: string,
  orderId: string,
  limits: CustomerLimits,
): Promise<Extract<PlaceOrderResult, { reason: "too-many-unpaid" | "over-customer-limit" }> | null> {
  const [unpaid] = await sqlRows(
    tx,
    z.object({ count: col.int }),
    Prisma.sql`
    SELECT COUNT(*)::int AS count FROM orders
     WHERE user_id = ${userId}::uuid AND status = 'PENDING_PAYMENT' AND id <> ${orderId}::uuid`,
  );
  if ((unpaid?.count ?? 0) + 1 > limits.unpaidOrders)
    return refuse("too-many-unpaid", { limit: limits.unpaidOrders, unpaid: unpaid?.count ?? 0 });
  // Items, not holds: a declined order holds nothing until it is paid again, which reserves anew.
  const over = await sqlRows(
    tx,
    overLimitRow,
    Prisma.sql`
    SELECT ci.listing_id::text, ${PRODUCT_DISPLAY_NAME} AS title, ci.quantity AS wanted, COALESCE(SUM(oi.quantity), 0)::int AS awaiting
      FROM cart_items ci
      JOIN carts c ON c.id = ci.cart_id
      JOIN listings l ON l.id = ci.listing_id
      JOIN products p ON p.id = l.product_id
      LEFT JOIN orders o ON o.user_id = c.user_id AND o.status = 'PENDING_PAYMENT' AND o.id <> ${orderId}::uuid
      LEFT JOIN order_items oi ON oi.order_id = o.id AND oi.listing_id = ci.listing_id
     WHERE c.user_id = ${userId}::uuid
     GROUP BY ci.listing_id, p.id, ci.quantity
    HAVING ci.quantity + COALESCE(SUM(oi.quantity), 0) > ${limits.unitsPerListing}
     ORDER BY ci.listing_id`,
  );
  if (over.length === 0) return null;
  return refuse("over-customer-limit", {
    limit: limits.unitsPerListing,
    lines: over.map((row) => ({ listingId: row.listing_id, productTitle: row.title, wanted: row.wanted, awaitingPayment: row.awaiting })),
  });
}

/**
 * A step (run it with runStep, or inside the checkout saga's transaction): a refusal must roll
 * back the order row it inserted, which the runner does.
 */
export async function placeOrder(tx: Tx, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  // The key claims the submission first: a concurrent duplicate waits here on the unique
  // index until this transaction ends, then finds the order (or, after a refusal, retries).
  const shipping = input.shippingAddress ? JSON.stringify(input.shippingAddress) : null;
  const inserted = await sqlRows(
    tx,
    z.object({ id: col.text }),
    Prisma.sql`
    INSERT INTO orders (id, user_id, idempotency_key, payment_deadline, contact_email, shipping_address)
    VALUES (gen_random_uuid(), ${input.userId}::uuid, ${input.idempotencyKey}, now() + ${sqlInterval(input.paymentTtlMs)},
            ${input.contactEmail ?? null}, ${shipping}::jsonb)
    ON CONFLICT (user_id, idempotency_key) DO NOTHING
    RETURNING id::text`,
  );
  const orderId = inserted[0]?.id;
  if (!orderId) {
    const existing = await sqlRows(
      tx,
      z.object({ id: col.text }),
      Prisma.sql`
      SELECT id::text FROM orders WHERE user_id = ${input.userId}::uuid AND idempotency_key = ${input.idempotencyKey}`,
    );
    const id = existing[0]?.id;
    if (!id) throw new Error("idempotency key conflict without an order");
    return ok({ orderId: id, existing: true, skipped: [] as SoldOutLine[] });
  }

  // Listing order: every multi-listing step locks listing rows in the same order (no deadlocks).
  const lines = await sqlRows(
    tx,
    cartLineRow,
    Prisma.sql`
    SELECT ci.id::text, ci.listing_id::text, ${PRODUCT_DISPLAY_NAME} AS title
      FROM cart_items ci
      JOIN carts c ON c.id = ci.cart_id
      JOIN listings l ON l.id = ci.listing_id
      JOIN products p ON p.id = l.product_id
     WHERE c.user_id = ${input.userId}::uuid
     ORDER BY ci.listing_id
       FOR UPDATE OF ci`,
  );
  // A second tab checking out the same cart waited on these row locks and finds them gone.
  if (lines.length === 0) return refuse("empty-cart");
  // Checked after the cart's lines are locked: the customer's checkouts take turns here, and
  // each statement's fresh snapshot sees the orders the one before committed.
  if (input.customerLimits) {
    const overLimit = await checkCustomerLimits(tx, input.userId, orderId, input.customerLimits);
    if (overLimit) return overLimit;
  }
  // While a drop of one of the listings runs, only a customer its line admitted checks it out (I12).
  const gate = await checkDropGate(tx, { userId: input.userId, listingIds: lines.map((line) => line.listing_id) });
  if (!gate.ok) return gate;

  // Tidy every line's listing in one statement before holding any listing row: reserveHold
  // then rarely has an expired hold to wait for while this transaction holds a listing.
  await expireHoldsOnListings(
    tx,
    lines.map((line) => line.listing_id),
  );

  const ordered: { cartItemId: string; holdId: string }[] = [];
  const soldOut: SoldOutLine[] = [];
  for (const line of lines) {
    // Keeps a live hold as it is, re-reserves an expired one, grows a partial one.
    const hold = await reserveHold(tx, { cartItemId: line.id, listingId: line.listing_id, ttlMs: input.cartTtlMs });
    if (hold?.status === "reserved" && hold.holdId) {
      ordered.push({ cartItemId: line.id, holdId: hold.holdId });
    } else {
      soldOut.push({
        cartItemId: line.id,
        listingId: line.listing_id,
        productTitle: line.title,
        wanted: hold?.wanted ?? 0,
        available: (hold?.available ?? 0) + (hold?.held ?? 0),
      });
    }
  }
  if (ordered.length === 0) return refuse("nothing-left", { soldOut });
  if (soldOut.length > 0 && !input.continueWithoutSoldOut) return refuse("sold-out", { soldOut });

  const holdIds = ordered.map((line) => line.holdId);
  const lineIds = ordered.map((line) => line.cartItemId);
  // The holds are locked by this transaction since reserveHold: moving them cannot race.
  const rows = await sqlRows(
    tx,
    z.object({ moved: col.int, items: col.int }),
    Prisma.sql`
    WITH ord AS (
      SELECT id, payment_deadline FROM orders WHERE id = ${orderId}::uuid
    ), moved AS (
      UPDATE holds h SET order_id = ord.id, cart_item_id = NULL, expires_at = ord.payment_deadline
        FROM ord
       WHERE h.id = ANY(${holdIds}::uuid[]) AND h.status = 'ACTIVE'
       RETURNING h.id
    ), items AS (
      INSERT INTO order_items (id, order_id, listing_id, quantity, unit_price_cents)
      SELECT gen_random_uuid(), ${orderId}::uuid, ci.listing_id, ci.quantity, l.price_cents
        FROM cart_items ci JOIN listings l ON l.id = ci.listing_id
       WHERE ci.id = ANY(${lineIds}::uuid[])
      RETURNING quantity, unit_price_cents
    ), totals AS (
      UPDATE orders o
         SET subtotal_cents = t.subtotal, total_cents = t.subtotal, currency = t.currency
        FROM (SELECT SUM(i.quantity * i.unit_price_cents)::int AS subtotal,
                     (SELECT MIN(l.currency) FROM cart_items ci JOIN listings l ON l.id = ci.listing_id
                       WHERE ci.id = ANY(${lineIds}::uuid[])) AS currency
                FROM items i) t
       WHERE o.id = ${orderId}::uuid
       RETURNING o.id
    ), removed AS (
      DELETE FROM cart_items WHERE id = ANY(${lineIds}::uuid[])
    )
    SELECT (SELECT COUNT(*) FROM moved)::int AS moved, (SELECT COUNT(*) FROM items)::int AS items`,
  );
  const counts = rows[0];
  if (!counts || counts.moved !== holdIds.length || counts.items !== lineIds.length) {
    throw new Error(`order ${orderId}: moved ${counts?.moved} of ${holdIds.length} holds`);
  }
  return ok({ orderId, existing: false, skipped: soldOut });
}
