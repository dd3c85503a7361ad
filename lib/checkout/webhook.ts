// The payment provider's webhook (app/api/webhooks/stripe/route.ts, and the simulator's
// in-process deliveries): verify the signature, note the event, resume the saga it is about.
// An event is a hint, not proof: it tells which saga to look at, and the saga asks the provider
// itself (idempotently) before it records anything. So an event delivered twice, late, out of
// order or before the saga expected it changes nothing by itself; at worst it resumes a
// waiting saga a little early.
import { z } from "zod";
import { driveSaga, type DriveOptions, type SagaOutcome } from "@/lib/checkout/orchestrator";
import { Prisma, type Db } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { describePaymentEvent, verifyWebhook } from "@/lib/payments/webhook-events";

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

/** Notes a delivered event; false when it was processed before. */
export async function recordWebhookEvent(db: Db, eventId: string, type: string): Promise<boolean> {
  const inserted = await db.$executeRaw(Prisma.sql`
    INSERT INTO payment_webhook_events (event_id, type) VALUES (${eventId}, ${type}) ON CONFLICT DO NOTHING`);
  return inserted === 1;
}

export type WebhookAnswer = { status: 200 | 400; body: Record<string, unknown> };

/** What the webhook route does with a delivery: verify, then resume the saga the event is about. */
export async function receivePaymentWebhook(
  db: Db,
  options: DriveOptions,
  rawBody: string,
  signature: string | null,
): Promise<WebhookAnswer> {
  const verified = verifyWebhook(rawBody, signature);
  if (!verified.ok) return { status: 400, body: { error: verified.reason } };
  // A signed delivery seen before is a replay: refused, and it changes nothing.
  if (!(await recordWebhookEvent(db, verified.event.id, verified.event.type))) return { status: 400, body: { error: "replayed" } };
  const event = describePaymentEvent(verified.event);
  if (!event) return { status: 200, body: { received: true, ignored: verified.event.type } };
  const result = await handlePaymentEvent(db, event, options);
  return { status: 200, body: { received: true, handled: result.handled } };
}
