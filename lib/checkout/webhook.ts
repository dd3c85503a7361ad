// The payment provider's webhook (app/api/webhooks/stripe/route.ts, and the simulator's
// in-process deliveries): verify the signature, note the event, resume the saga it is about
// (or reconcile the payment's refunds), then mark the event handled.
// An event is a hint, not proof: it tells which saga to look at, and the saga asks the provider
// itself (idempotently) before it records anything. So an event delivered twice, late, out of
// order or before the saga expected it changes nothing by itself; at worst it resumes a
// waiting saga a little early.
import { z } from "zod";
import { driveSaga, type DriveOptions, type SagaOutcome } from "@/lib/checkout/orchestrator";
import { Prisma, type Db } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { describePaymentEvent, verifyWebhook } from "@/lib/payments/webhook-events";
import { reconcileRefunds } from "@/lib/refunds/refund-order";

export interface PaymentEventHint {
  orderId: string | null;
  attempt: number | null;
}

export type PaymentEventResult = { handled: false; why: "no-order" | "no-saga" } | { handled: true; saga: SagaOutcome };

export async function handlePaymentEvent(db: Db, hint: PaymentEventHint, options: DriveOptions): Promise<PaymentEventResult> {
  if (!hint.orderId || !hint.attempt || !/^[0-9a-f-]{36}$/i.test(hint.orderId)) return { handled: false, why: "no-order" };
  const [saga] = await sqlRows(
    db,
    z.object({ id: col.text }),
    Prisma.sql`
    SELECT id::text FROM checkout_sagas WHERE order_id = ${hint.orderId}::uuid AND payment_attempt = ${hint.attempt}`,
  );
  if (!saga) return { handled: false, why: "no-saga" };
  return { handled: true, saga: await driveSaga(db, saga.id, options) };
}

/**
 * Notes a delivered event; false when it was handled before. An event recorded but never
 * handled (the process died in between) answers true again, so Stripe's retry handles it.
 */
export async function recordWebhookEvent(db: Db, eventId: string, type: string): Promise<boolean> {
  const [row] = await sqlRows(
    db,
    z.object({ handled: col.bool }),
    Prisma.sql`
    INSERT INTO payment_webhook_events (event_id, type) VALUES (${eventId}, ${type})
    ON CONFLICT (event_id) DO UPDATE SET type = EXCLUDED.type
    RETURNING handled_at IS NOT NULL AS handled`,
  );
  return !row?.handled;
}

/** Marks an event handled: a later delivery of it answers 200 and changes nothing. */
export async function markWebhookEventHandled(db: Db, eventId: string): Promise<void> {
  await db.$executeRaw(Prisma.sql`
    UPDATE payment_webhook_events SET handled_at = now() WHERE event_id = ${eventId} AND handled_at IS NULL`);
}

export type WebhookAnswer = { status: 200 | 400; body: Record<string, unknown> };

/**
 * What the webhook route does with a delivery, the way Stripe expects: a bad signature or a
 * stale one is 400; an event handled before is 200 with nothing done (Stripe retries any other
 * answer for days, then disables the endpoint); anything else is handled, then marked handled.
 * A failure while handling throws (the route answers 500), and Stripe's retry handles it.
 */
export async function receivePaymentWebhook(
  db: Db,
  options: DriveOptions,
  rawBody: string,
  signature: string | null,
): Promise<WebhookAnswer> {
  const verified = verifyWebhook(rawBody, signature);
  if (!verified.ok) return { status: 400, body: { error: verified.reason } };
  const { id, type } = verified.event;
  if (!(await recordWebhookEvent(db, id, type))) return { status: 200, body: { received: true, duplicate: true } };
  const event = describePaymentEvent(verified.event);
  let body: Record<string, unknown>;
  if (!event) {
    body = { received: true, ignored: type };
  } else if (event.kind === "refunded") {
    const reconciled = await reconcileRefunds(db, options.gateway, event.intentId);
    body = { received: true, refunds: reconciled };
  } else {
    const result = await handlePaymentEvent(db, event, options);
    body = { received: true, handled: result.handled };
  }
  await markWebhookEventHandled(db, id);
  return { status: 200, body };
}
