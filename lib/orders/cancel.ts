// Cancelling orders (I4), all of it: every path that ends an unpaid order — the deadline
// sweep, the customer's "Cancel order", a saga that learns its payment came too late — goes
// through one statement, cancelOrders. Each order is cancelled exactly once (`WHERE status =
// 'PENDING_PAYMENT'`), its live holds go back exactly once (CANCEL ledger rows), and the
// customer gets one notification (dedupe key), all in the same transaction as the
// cancellation (I10). Units that come back are offered to the listings' waitlists once the
// cancellation has committed.
import { z } from "zod";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { notificationSql, type NotificationKind } from "@/lib/notifications/outbox";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";
import { runStep } from "@/lib/steps/run-step";
import { runSweep, type SweepOptions } from "@/lib/steps/sweep";
import { offerAfterCommit, offerAfterOrderCommit } from "@/lib/waitlist/offer-freed-units";
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

  const rows = await sqlRows(
    tx,
    cancelledCounts,
    Prisma.sql`
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
      ${
        input.notification
          ? notificationSql(input.notification, Prisma.sql`SELECT id, user_id, total_cents, currency FROM cancelled`)
          : Prisma.sql`SELECT NULL::uuid AS id WHERE false`
      }
    )
    SELECT (SELECT COUNT(*) FROM cancelled)::int AS orders,
           (SELECT COUNT(*) FROM ended)::int AS holds,
           (SELECT COALESCE(SUM(quantity), 0) FROM ended)::int AS units,
           (SELECT COUNT(*) FROM notified)::int AS notifications`,
  );
  return rows[0] ?? { orders: 0, holds: 0, units: 0, notifications: 0 };
}

// ───────────── the customer's "Cancel order" ─────────────
// An unpaid order with no payment under way is cancelled and its stock returned, exactly once.

export type CancelOrderResult = { ok: true; unitsReturned: number } | Refusal<"not-found" | "not-pending" | "payment-in-progress">;

export async function cancelOrderByCustomer(tx: Tx, input: { userId: string; orderId: string }): Promise<CancelOrderResult> {
  const [order] = await sqlRows(
    tx,
    z.object({ status: col.text, live_saga: col.bool }),
    Prisma.sql`
    SELECT o.status::text,
           EXISTS (SELECT 1 FROM checkout_sagas s WHERE s.order_id = o.id AND s.status IN ('RUNNING', 'COMPENSATING')) AS live_saga
      FROM orders o WHERE o.id = ${input.orderId}::uuid AND o.user_id = ${input.userId}::uuid FOR NO KEY UPDATE OF o`,
  );
  if (!order) return refuse("not-found");
  if (order.status !== "PENDING_PAYMENT") return refuse("not-pending");
  // A payment may be under way with the provider: cancelling now could strand a charge.
  if (order.live_saga) return refuse("payment-in-progress");
  const cancelled = await cancelOrders(tx, {
    orderIds: [input.orderId],
    reason: "cancelled by the customer",
    ledgerReason: "order cancelled by the customer",
    notification: "order-cancelled-by-customer",
  });
  return ok({ unitsReturned: cancelled.units });
}

/** The cancel on its own, as the action runs it: once it committed, the returned units go to the listings' waitlists. */
export async function runCancelOrderByCustomer(db: Db, input: { userId: string; orderId: string }): Promise<CancelOrderResult> {
  const cancelled = await runStep(db, cancelOrderByCustomer, input);
  if (cancelled.ok && cancelled.unitsReturned > 0) await offerAfterOrderCommit(db, input.orderId);
  return cancelled;
}

// ───────────── the unpaid-order sweep ─────────────
// An order still unpaid at its payment deadline is cancelled exactly once and its held units
// go back exactly once.

export interface CancelSweepResult {
  cancelledOrders: number;
  releasedHolds: number;
  unitsReturned: number;
  notifications: number;
  batches: number;
  /** Returned units reserved for customers on the listings' waitlists, after the sweep committed. */
  waitlistOffers: number;
}

export const CANCELLED_UNPAID_REASON = "not paid before the payment deadline";

type BatchResult = Ok<{ claimed: number; cancelledOrders: number; releasedHolds: number; unitsReturned: number; notifications: number }>;

/** One batch: claim overdue orders (a second sweep running now skips them and takes the next ones), cancel them. */
export async function cancelOverdueBatch(tx: Tx, input: { batchSize: number }): Promise<BatchResult> {
  const claimed = await sqlRows(
    tx,
    z.object({ id: col.text }),
    Prisma.sql`
    SELECT id::text FROM orders
     WHERE status = 'PENDING_PAYMENT' AND payment_deadline <= now()
     ORDER BY payment_deadline
     LIMIT ${input.batchSize}
       FOR NO KEY UPDATE SKIP LOCKED`,
  );
  const counts = await cancelOrders(tx, {
    orderIds: claimed.map((row) => row.id),
    reason: CANCELLED_UNPAID_REASON,
    ledgerReason: "order cancelled: unpaid",
    notification: "order-cancelled",
  });
  return ok({
    claimed: claimed.length,
    cancelledOrders: counts.orders,
    releasedHolds: counts.holds,
    unitsReturned: counts.units,
    notifications: counts.notifications,
  });
}

export async function cancelOverdueOrders(db: Db, options: SweepOptions): Promise<CancelSweepResult> {
  const swept = await runSweep(db, cancelOverdueBatch, options);
  const waitlistOffers = swept.unitsReturned > 0 ? await offerAfterCommit(db) : 0;
  return { ...swept, waitlistOffers };
}
