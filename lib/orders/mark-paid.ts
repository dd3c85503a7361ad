// Turning a paid order's holds into sales: the checkout saga's CONFIRM step. It is the fencing
// check of the hold "lock": the order is paid only if it is still within its payment deadline
// and every unit is still held by the order's own live holds, so a payment that arrives after
// the order was cancelled (or its holds expired and were resold) never sells a unit twice;
// the saga refunds such a payment instead.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { ok, refuse, type Refusal } from "@/lib/steps/result";

export type MarkPaidResult = { ok: true; unitsSold: number } | Refusal<"not-found" | "not-pending" | "past-deadline" | "holds-lost">;

/** Run inside the caller's transaction: the order, its holds and listings are locked here. */
export async function markOrderPaid(tx: Tx, orderId: string): Promise<MarkPaidResult> {
  const order = await sqlRows(
    tx,
    z.object({ status: col.text, overdue: col.bool }),
    Prisma.sql`
    SELECT status::text, payment_deadline <= now() AS overdue FROM orders WHERE id = ${orderId}::uuid FOR NO KEY UPDATE`,
  );
  if (!order[0]) return refuse("not-found");
  if (order[0].status !== "PENDING_PAYMENT") return refuse("not-pending");
  if (order[0].overdue) return refuse("past-deadline");

  // Same lock order as everyone else: holds, then listing rows by id. A hold past its expiry
  // blocks nobody (I3) and so covers nothing here either.
  const holds = await sqlRows(
    tx,
    z.object({ listing_id: col.text, quantity: col.int }),
    Prisma.sql`
    SELECT listing_id::text, quantity FROM holds
     WHERE order_id = ${orderId}::uuid AND hold_is_live(status, expires_at) ORDER BY id FOR NO KEY UPDATE`,
  );
  const items = await sqlRows(
    tx,
    z.object({ listing_id: col.text, quantity: col.int }),
    Prisma.sql`
    SELECT listing_id::text, quantity FROM order_items WHERE order_id = ${orderId}::uuid`,
  );
  const held = new Map<string, number>();
  for (const hold of holds) held.set(hold.listing_id, (held.get(hold.listing_id) ?? 0) + hold.quantity);
  const covered = items.length > 0 && items.every((item) => held.get(item.listing_id) === item.quantity);
  if (!covered || held.size !== items.length) return refuse("holds-lost");

  await tx.$queryRaw(Prisma.sql`
    SELECT id FROM listings
     WHERE id IN (SELECT listing_id FROM holds WHERE order_id = ${orderId}::uuid AND status = 'ACTIVE')
     ORDER BY id FOR NO KEY UPDATE`);
  const rows = await sqlRows(
    tx,
    z.object({ units: col.int }),
    Prisma.sql`
    WITH paid AS (
      UPDATE orders SET status = 'PAID', paid_at = now(), payment_failure_code = NULL, payment_failure_detail = NULL
       WHERE id = ${orderId}::uuid AND status = 'PENDING_PAYMENT'
       RETURNING id, user_id
    ), converted AS (
      UPDATE holds h SET status = 'CONVERTED', ended_at = now()
        FROM paid WHERE h.order_id = paid.id AND h.status = 'ACTIVE'
       RETURNING h.id, h.listing_id, h.quantity, h.order_id
    ), per_listing AS (
      SELECT listing_id, SUM(quantity)::int AS units FROM converted GROUP BY listing_id
    ), counters AS (
      UPDATE listings l SET on_hand = l.on_hand - p.units, reserved = l.reserved - p.units, updated_at = now()
        FROM per_listing p WHERE l.id = p.listing_id
       RETURNING l.id
    ), ledger AS (
      INSERT INTO inventory_movements (listing_id, kind, on_hand_delta, reserved_delta, hold_id, order_id, actor_id, reason)
      SELECT c.listing_id, 'SALE', -c.quantity, -c.quantity, c.id, c.order_id, paid.user_id, 'order paid'
        FROM converted c CROSS JOIN paid
    )
    SELECT COALESCE(SUM(quantity), 0)::int AS units FROM converted`,
  );
  return ok({ unitsSold: rows[0]?.units ?? 0 });
}
