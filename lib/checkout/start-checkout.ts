// Starting a checkout saga: from the cart (the first payment of a new order) or for an order
// whose card was declined (paying it again). Either way the saga row, the first step's record
// and, for a new order, the order itself commit in one transaction, keyed by the submission:
// the same submission twice finds the same saga, never a second order or a second charge.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { driveSaga, type DriveOptions, type SagaOutcome } from "@/lib/checkout/orchestrator";
import { insertSaga, type SagaContext } from "@/lib/checkout/saga-store";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { checkDropGate, type DropGateReason, type GatedLine } from "@/lib/drops/gate";
import { placeOrder, type CustomerLimits, type PlaceOrderResult, type ShippingAddress, type SoldOutLine } from "@/lib/orders/place-order";
import { ok, refuse, type Refusal } from "@/lib/steps/result";
import { inTransaction } from "@/lib/steps/run-step";

export interface CardChoice {
  /** The browser's token for the card (a ConfirmationToken or a PaymentMethod id); never a card number. */
  paymentMethod: string;
}

export interface StartCheckoutInput {
  userId: string;
  idempotencyKey: string;
  continueWithoutSoldOut: boolean;
  cartTtlMs: number;
  paymentTtlMs: number;
  contactEmail: string;
  shippingAddress: ShippingAddress;
  card: CardChoice;
  couponCode?: string | null;
  /** Per-customer limits on orders awaiting payment (see placeOrder). */
  customerLimits?: CustomerLimits | null;
}

export type CheckoutResult =
  | { ok: true; orderId: string; saga: SagaOutcome; skipped: SoldOutLine[] }
  | Extract<PlaceOrderResult, { ok: false }>
  | Refusal<"payment-in-progress">;

const contextOf = (card: CardChoice, contactEmail: string | null, couponCode?: string | null): SagaContext => ({
  paymentMethod: card.paymentMethod,
  contactEmail,
  couponCode: couponCode ?? null,
});

async function journalCreateOrder(tx: Tx, sagaId: string, detail: Record<string, unknown>): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO saga_steps (saga_id, step, direction, outcome, detail)
    VALUES (${sagaId}::uuid, 'CREATE_ORDER', 'DO', 'done', ${JSON.stringify(detail)}::jsonb)
    ON CONFLICT DO NOTHING`);
}

/** Places the order from the cart and drives its saga as far as it goes now. */
export async function startCheckout(db: Db, input: StartCheckoutInput, options: DriveOptions): Promise<CheckoutResult> {
  const token = randomUUID();
  const started = await inTransaction(db, async (tx) => {
    const placed = await placeOrder(tx, input);
    if (!placed.ok) return placed;
    const saga = await insertSaga(tx, {
      userId: input.userId,
      orderId: placed.orderId,
      idempotencyKey: input.idempotencyKey,
      context: contextOf(input.card, input.contactEmail, input.couponCode),
      firstStep: "RESERVE",
      leaseToken: token,
      leaseMs: options.leaseMs,
    });
    if (!saga) return refuse("payment-in-progress");
    if (saga.created) await journalCreateOrder(tx, saga.saga.id, { skipped: placed.skipped.map((line) => line.productTitle) });
    return ok({ orderId: placed.orderId, sagaId: saga.saga.id, created: saga.created, skipped: placed.skipped });
  });
  if (!started.ok) return started;
  const outcome = await driveSaga(db, started.sagaId, options, started.created ? token : undefined);
  return ok({ orderId: started.orderId, saga: outcome, skipped: started.skipped });
}

export interface PayAgainInput {
  userId: string;
  orderId: string;
  idempotencyKey: string;
  card: CardChoice;
}

export type PayAgainResult =
  | { ok: true; orderId: string; saga: SagaOutcome }
  | Refusal<"not-found" | "not-pending" | "past-deadline" | "payment-in-progress">
  | Refusal<DropGateReason, { lines: GatedLine[] }>;

/** Pays an order again after a declined card: a new saga that reserves the items anew, until the deadline. */
export async function payOrderAgain(db: Db, input: PayAgainInput, options: DriveOptions): Promise<PayAgainResult> {
  const token = randomUUID();
  const started = await inTransaction(db, async (tx) => {
    // The order row is the meeting point of paying again, cancelling and the deadline sweep.
    const [order] = await sqlRows(
      tx,
      z.object({ status: col.text, overdue: col.bool, contact_email: col.nullableText }),
      Prisma.sql`
      SELECT status::text, payment_deadline <= now() AS overdue, contact_email FROM orders
       WHERE id = ${input.orderId}::uuid AND user_id = ${input.userId}::uuid FOR NO KEY UPDATE`,
    );
    if (!order) return refuse("not-found");
    if (order.status !== "PENDING_PAYMENT") return refuse("not-pending");
    if (order.overdue) return refuse("past-deadline");
    // Paying again reserves the items anew: while a drop of one runs, only with a live admission (I12).
    const items = await sqlRows(
      tx,
      z.object({ listing_id: col.text }),
      Prisma.sql`SELECT listing_id::text FROM order_items WHERE order_id = ${input.orderId}::uuid`,
    );
    const gate = await checkDropGate(tx, { userId: input.userId, listingIds: items.map((item) => item.listing_id) });
    if (!gate.ok) return gate;
    const saga = await insertSaga(tx, {
      userId: input.userId,
      orderId: input.orderId,
      idempotencyKey: input.idempotencyKey,
      context: contextOf(input.card, order.contact_email),
      firstStep: "RESERVE",
      leaseToken: token,
      leaseMs: options.leaseMs,
    });
    if (!saga) return refuse("payment-in-progress");
    if (saga.created) await journalCreateOrder(tx, saga.saga.id, { reused: true });
    return ok({ sagaId: saga.saga.id, created: saga.created });
  });
  if (!started.ok) return started;
  const outcome = await driveSaga(db, started.sagaId, options, started.created ? token : undefined);
  return ok({ orderId: input.orderId, saga: outcome });
}
