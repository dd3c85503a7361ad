// The unpaid-order sweep (I4): an order still unpaid at its payment deadline is cancelled
// exactly once and its held units go back exactly once (lib/orders/cancel-orders.ts).
import { Prisma, type Db, type Tx } from "../prisma";
import { ok, type Ok } from "../steps/result";
import { runSweep, type SweepOptions } from "../steps/sweep";
import { offerAfterCommit } from "../waitlist/offer-freed-units";
import { cancelOrders } from "./cancel-orders";
import { z } from "zod";
import { col, sqlRows } from "../sql/rows";

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
  const claimed = await sqlRows(tx, z.object({ id: col.text }), Prisma.sql`
    SELECT id::text FROM orders
     WHERE status = 'PENDING_PAYMENT' AND payment_deadline <= now()
     ORDER BY payment_deadline
     LIMIT ${input.batchSize}
       FOR NO KEY UPDATE SKIP LOCKED`);
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
