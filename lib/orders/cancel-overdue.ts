// The unpaid-order sweep (I4): an order still unpaid at its payment deadline is cancelled
// exactly once, its held units go back exactly once (CANCEL ledger rows), and the customer
// gets one notification (dedupe key), all in the same transaction as the cancellation (I10).
import { contendedTx, withRetry } from "../db-retry";
import { Prisma, type Db, type Tx } from "../prisma";

export interface CancelSweepOptions {
  batchSize: number;
  maxBatches?: number;
}

export interface CancelSweepResult {
  cancelledOrders: number;
  releasedHolds: number;
  unitsReturned: number;
  notifications: number;
  batches: number;
}

interface BatchCounts {
  orders: number;
  holds: number;
  units: number;
  notifications: number;
}

export const CANCELLED_UNPAID_REASON = "not paid before the payment deadline";

export async function cancelOverdueOrders(db: Db, options: CancelSweepOptions): Promise<CancelSweepResult> {
  const result: CancelSweepResult = { cancelledOrders: 0, releasedHolds: 0, unitsReturned: 0, notifications: 0, batches: 0 };
  const maxBatches = options.maxBatches ?? 20;
  while (result.batches < maxBatches) {
    const batch = await withRetry(() => db.$transaction((tx) => cancelBatch(tx, options.batchSize), contendedTx));
    if (!batch) break;
    result.batches++;
    result.cancelledOrders += batch.orders;
    result.releasedHolds += batch.holds;
    result.unitsReturned += batch.units;
    result.notifications += batch.notifications;
    if (batch.orders < options.batchSize) break;
  }
  return result;
}

async function cancelBatch(tx: Tx, batchSize: number): Promise<BatchCounts | null> {
  // Claim: a second sweep running now skips these orders and takes the next ones.
  const claimed = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT id::text FROM orders
     WHERE status = 'PENDING_PAYMENT' AND payment_deadline <= now()
     ORDER BY payment_deadline
     LIMIT ${batchSize}
       FOR NO KEY UPDATE SKIP LOCKED`);
  if (claimed.length === 0) return null;
  const orderIds = claimed.map((row) => row.id);

  // Lock order: the orders' holds, then their listing rows by id — the order every other
  // path uses, so the sweep and the buyers cannot deadlock.
  await tx.$queryRaw(Prisma.sql`
    SELECT id FROM holds WHERE order_id = ANY(${orderIds}::uuid[]) AND status = 'ACTIVE' ORDER BY id FOR NO KEY UPDATE`);
  await tx.$queryRaw(Prisma.sql`
    SELECT id FROM listings
     WHERE id IN (SELECT listing_id FROM holds WHERE order_id = ANY(${orderIds}::uuid[]) AND status = 'ACTIVE')
     ORDER BY id FOR NO KEY UPDATE`);

  const rows = await tx.$queryRaw<BatchCounts[]>(Prisma.sql`
    WITH cancelled AS (
      UPDATE orders SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = ${CANCELLED_UNPAID_REASON}
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
      SELECT listing_id, 'CANCEL', 0, -quantity, id, order_id, 'order cancelled: unpaid' FROM ended
    ), notified AS (
      INSERT INTO notifications (id, user_id, kind, title, body, dedupe_key, payload)
      SELECT gen_random_uuid(), user_id, 'order-cancelled', 'Order cancelled',
             'Your order was not paid before its payment deadline, so we cancelled it and released its items.',
             'order-cancelled:' || id::text,
             jsonb_build_object('orderId', id::text, 'totalCents', total_cents, 'currency', currency)
        FROM cancelled
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id
    )
    SELECT (SELECT COUNT(*) FROM cancelled)::int AS orders,
           (SELECT COUNT(*) FROM ended)::int AS holds,
           (SELECT COALESCE(SUM(quantity), 0) FROM ended)::int AS units,
           (SELECT COUNT(*) FROM notified)::int AS notifications`);
  return rows[0] ?? { orders: 0, holds: 0, units: 0, notifications: 0 };
}
