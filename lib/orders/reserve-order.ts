// The saga's RESERVE step and its compensation: an order's items must be covered by the
// order's own live holds before it is paid. After a checkout they already are (placeOrder
// moved the cart's holds); when an order is paid again after a declined card, its units were
// given back and are reserved anew here — or the step names the lines that sold out.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";
import { ok, refuse, type Refusal } from "@/lib/steps/result";
import { expireHoldsOnListings } from "@/lib/stock/expire-holds";

export interface UnreservedLine {
  listingId: string;
  /** The product with its variant: "Title (Variant)". */
  productTitle: string;
  wanted: number;
  available: number;
}

export type ReserveOrderResult =
  { ok: true; reservedUnits: number } | Refusal<"not-pending" | "past-deadline"> | Refusal<"sold-out", { lines: UnreservedLine[] }>;

const itemRow = z.object({ listing_id: col.text, title: col.text, quantity: col.int, held: col.int });

export async function reserveOrder(tx: Tx, orderId: string): Promise<ReserveOrderResult> {
  const order = await sqlRows(
    tx,
    z.object({ status: col.text, overdue: col.bool }),
    Prisma.sql`
    SELECT status::text, payment_deadline <= now() AS overdue FROM orders WHERE id = ${orderId}::uuid FOR NO KEY UPDATE`,
  );
  if (order[0]?.status !== "PENDING_PAYMENT") return refuse("not-pending");
  if (order[0].overdue) return refuse("past-deadline");

  const items = await sqlRows(
    tx,
    itemRow,
    Prisma.sql`
    SELECT oi.listing_id::text, ${PRODUCT_DISPLAY_NAME} AS title, oi.quantity,
           COALESCE((SELECT SUM(h.quantity) FROM holds h
                      WHERE h.order_id = oi.order_id AND h.listing_id = oi.listing_id
                        AND hold_is_live(h.status, h.expires_at)), 0)::int AS held
      FROM order_items oi JOIN listings l ON l.id = oi.listing_id JOIN products p ON p.id = l.product_id
     WHERE oi.order_id = ${orderId}::uuid
     ORDER BY oi.listing_id`,
  );
  const missing = items.filter((item) => item.held < item.quantity);
  if (missing.length === 0) return ok({ reservedUnits: 0 });

  // Lapsed holds (this order's or anyone's) stop counting first (I3), then each missing line
  // is reserved by one guarded statement, listings in id order like every other path.
  await expireHoldsOnListings(
    tx,
    missing.map((item) => item.listing_id),
  );
  const lines: UnreservedLine[] = [];
  let reservedUnits = 0;
  for (const item of missing) {
    const want = item.quantity - item.held;
    const rows = await sqlRows(
      tx,
      z.object({ available: col.int, reserved: col.bool }),
      Prisma.sql`
      WITH moved AS (
        UPDATE listings SET reserved = reserved + ${want}
         WHERE id = ${item.listing_id}::uuid AND active AND on_hand - reserved >= ${want}
         RETURNING id
      ), hold AS (
        INSERT INTO holds (id, listing_id, user_id, order_id, quantity, owner_token, expires_at)
        SELECT gen_random_uuid(), moved.id, o.user_id, o.id, ${want}, gen_random_uuid(), o.payment_deadline
          FROM moved, orders o WHERE o.id = ${orderId}::uuid
        RETURNING id, listing_id, quantity, order_id, user_id
      ), ledger AS (
        INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, order_id, actor_id, reason)
        SELECT listing_id, 'HOLD', quantity, id, order_id, user_id, 'reserved again to pay the order' FROM hold
      )
      SELECT EXISTS (SELECT 1 FROM moved) AS reserved,
             (SELECT (on_hand - reserved)::int FROM listings WHERE id = ${item.listing_id}::uuid) AS available`,
    );
    if (rows[0]?.reserved) reservedUnits += want;
    else
      lines.push({
        listingId: item.listing_id,
        productTitle: item.title,
        wanted: item.quantity,
        available: Math.max(0, rows[0]?.available ?? 0),
      });
  }
  if (lines.length > 0) return refuse("sold-out", { lines });
  return ok({ reservedUnits });
}

/** RESERVE's compensation: the order's live holds go back to stock (RELEASE rows); the order itself stays. */
export async function releaseOrderHolds(tx: Tx, orderId: string, reason: string): Promise<{ units: number }> {
  await tx.$queryRaw(Prisma.sql`
    SELECT id FROM holds WHERE order_id = ${orderId}::uuid AND status = 'ACTIVE' ORDER BY id FOR NO KEY UPDATE`);
  await tx.$queryRaw(Prisma.sql`
    SELECT id FROM listings WHERE id IN (SELECT listing_id FROM holds WHERE order_id = ${orderId}::uuid AND status = 'ACTIVE')
     ORDER BY id FOR NO KEY UPDATE`);
  const rows = await sqlRows(
    tx,
    z.object({ units: col.int }),
    Prisma.sql`
    WITH released AS (
      UPDATE holds SET status = 'RELEASED', ended_at = now()
       WHERE order_id = ${orderId}::uuid AND status = 'ACTIVE'
       RETURNING id, listing_id, quantity, order_id, user_id
    ), per_listing AS (
      SELECT listing_id, SUM(quantity)::int AS units FROM released GROUP BY listing_id
    ), counters AS (
      UPDATE listings l SET reserved = l.reserved - p.units FROM per_listing p WHERE l.id = p.listing_id RETURNING l.id
    ), ledger AS (
      INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, order_id, actor_id, reason)
      SELECT listing_id, 'RELEASE', -quantity, id, order_id, user_id, ${reason} FROM released
    )
    SELECT COALESCE(SUM(quantity), 0)::int AS units FROM released`,
  );
  return { units: rows[0]?.units ?? 0 };
}

/** The PRICE step: the order's totals from its items' frozen prices and their discounts. */
export async function priceOrder(tx: Tx, orderId: string): Promise<{ ok: true; totalCents: number; currency: string }> {
  const rows = await sqlRows(
    tx,
    z.object({ total_cents: col.int, currency: col.text }),
    Prisma.sql`
    UPDATE orders o
       SET subtotal_cents = t.subtotal, discount_cents = t.discount, total_cents = GREATEST(t.subtotal - t.discount, 0)
      FROM (SELECT COALESCE(SUM(quantity * unit_price_cents), 0)::int AS subtotal, COALESCE(SUM(discount_cents), 0)::int AS discount
              FROM order_items WHERE order_id = ${orderId}::uuid) t
     WHERE o.id = ${orderId}::uuid
     RETURNING o.total_cents, o.currency`,
  );
  return ok({ totalCents: rows[0]?.total_cents ?? 0, currency: rows[0]?.currency ?? "EUR" });
}
