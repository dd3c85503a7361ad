// The customer's "Cancel order": an unpaid order with no payment under way is cancelled and
// its stock returned, exactly once (the same statement as the deadline sweep).
import { cancelOrders } from "../orders/cancel-orders";
import { Prisma, type Db, type Tx } from "../prisma";
import { ok, refuse, type Refusal } from "../steps/result";
import { runStep } from "../steps/run-step";
import { offerAfterOrderCommit } from "../waitlist/offer-freed-units";
import { z } from "zod";
import { col, sqlRows } from "../sql/rows";

export type CancelOrderResult = { ok: true; unitsReturned: number } | Refusal<"not-found" | "not-pending" | "payment-in-progress">;

export async function cancelOrderByCustomer(tx: Tx, input: { userId: string; orderId: string }): Promise<CancelOrderResult> {
  const [order] = await sqlRows(tx, z.object({ status: col.text, live_saga: col.bool }), Prisma.sql`
    SELECT o.status::text,
           EXISTS (SELECT 1 FROM checkout_sagas s WHERE s.order_id = o.id AND s.status IN ('RUNNING', 'COMPENSATING')) AS live_saga
      FROM orders o WHERE o.id = ${input.orderId}::uuid AND o.user_id = ${input.userId}::uuid FOR NO KEY UPDATE OF o`);
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
