// Cancelling orders (I4): every path that ends an unpaid order — the deadline sweep, the
// customer's "Cancel order", a saga that learns its payment came too late — goes through this
// one statement. Each order is cancelled exactly once (`WHERE status = 'PENDING_PAYMENT'`),
// its live holds go back exactly once (CANCEL ledger rows), and the customer gets one
// notification (dedupe key), all in the same transaction as the cancellation (I10).
import { z } from "zod";
import { Prisma, type Tx } from "../prisma";
import { col, sqlRows } from "../sql/rows";
import { notificationSql, type NotificationKind } from "../notifications/outbox";

export interface CancelOrdersInput {
  orderIds: string[];
  /** Stored on the order and shown to the customer. */
  reason: string;
  /** Ledger reason of the CANCEL rows. */
  ledgerReason: string;
  /** The notification to write for each cancelled order; null when the caller writes its own. */
  notification: Extract<NotificationKind, "order-cancelled" | "order-cancelled-by-customer"> | null;
}

const cancelledCounts = z.object({ orders: col.int, holds: col.int, units: col.int, notifications: col.int });
export type CancelledCounts = z.infer<typeof cancelledCounts>;

/** The caller has claimed (locked) the orders; this locks their holds and listings in the usual order. */
export async function cancelOrders(tx: Tx, input: CancelOrdersInput): Promise<CancelledCounts> {
  if (input.orderIds.length === 0) return { orders: 0, holds: 0, units: 0, notifications: 0 };
  const orderIds = input.orderIds;
  // Lock order: the orders' holds, then their listing rows by id — the order every other
  // path uses, so the sweep, the customer and the buyers cannot deadlock.
  await tx.$queryRaw(Prisma.sql`
    SELECT id FROM holds WHERE order_id = ANY(${orderIds}::uuid[]) AND status = 'ACTIVE' ORDER BY id FOR NO KEY UPDATE`);
  await tx.$queryRaw(Prisma.sql`
    SELECT id FROM listings
     WHERE id IN (SELECT listing_id FROM holds WHERE order_id = ANY(${orderIds}::uuid[]) AND status = 'ACTIVE')
     ORDER BY id FOR NO KEY UPDATE`);

  const rows = await sqlRows(tx, cancelledCounts, Prisma.sql`
    WITH cancelled AS (
      UPDATE orders SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = ${input.reason}
       WHERE id = ANY(${orderIds}::uuid[]) AND status = 'PENDING_PAYMENT'
       RETURNING id, user_id, total_cents, currency
    ), ended AS (
      UPDATE holds h SET status = 'CANCELLED', ended_at = now()
        FROM cancelled
       WHERE h.order_id = cancelled.id AND h.status = 'ACTIVE'
       RETURNING h.id, h.listing_id, h.quantity, h.order_id
    ), per_listing AS (
      SELECT listing_id, SUM(quantity)::int AS units FROM ended GROUP BY listing_id
    ), counters AS (
      UPDATE listings l SET reserved = l.reserved - p.units
        FROM per_listing p WHERE l.id = p.listing_id
       RETURNING l.id
    ), ledger AS (
      INSERT INTO inventory_movements (listing_id, kind, on_hand_delta, reserved_delta, hold_id, order_id, reason)
      SELECT listing_id, 'CANCEL', 0, -quantity, id, order_id, ${input.ledgerReason} FROM ended
    ), notified AS (
      ${input.notification
        ? notificationSql(input.notification, Prisma.sql`SELECT id, user_id, total_cents, currency FROM cancelled`)
        : Prisma.sql`SELECT NULL::uuid AS id WHERE false`}
    )
    SELECT (SELECT COUNT(*) FROM cancelled)::int AS orders,
           (SELECT COUNT(*) FROM ended)::int AS holds,
           (SELECT COALESCE(SUM(quantity), 0) FROM ended)::int AS units,
           (SELECT COUNT(*) FROM notified)::int AS notifications`);
  return rows[0] ?? { orders: 0, holds: 0, units: 0, notifications: 0 };
}
