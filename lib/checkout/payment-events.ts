// Payment events from the provider's webhook. An event is a hint, not proof: it tells which
// saga to look at, and the saga asks the provider itself (idempotently) before it records
// anything. So an event delivered twice, late, out of order or before the saga expected it
// changes nothing by itself; at worst it resumes a waiting saga a little early.
import { Prisma, type Db } from "../prisma";
import { driveSaga, type DriveOptions, type SagaOutcome } from "./orchestrator";
import { z } from "zod";
import { col, sqlRows } from "../sql/rows";

export interface PaymentEventHint {
  orderId: string | null;
  attempt: number | null;
}

export type PaymentEventResult = { handled: false; why: "no-order" | "no-saga" } | { handled: true; saga: SagaOutcome };

export async function handlePaymentEvent(db: Db, hint: PaymentEventHint, options: DriveOptions): Promise<PaymentEventResult> {
  if (!hint.orderId || !hint.attempt || !/^[0-9a-f-]{36}$/i.test(hint.orderId)) return { handled: false, why: "no-order" };
  const [saga] = await sqlRows(db, z.object({ id: col.text }), Prisma.sql`
    SELECT id::text FROM checkout_sagas WHERE order_id = ${hint.orderId}::uuid AND payment_attempt = ${hint.attempt}`);
  if (!saga) return { handled: false, why: "no-saga" };
  return { handled: true, saga: await driveSaga(db, saga.id, options) };
}

/** Notes a delivered event; false when it was processed before. */
export async function recordWebhookEvent(db: Db, eventId: string, type: string): Promise<boolean> {
  const inserted = await db.$executeRaw(Prisma.sql`
    INSERT INTO payment_webhook_events (event_id, type) VALUES (${eventId}, ${type}) ON CONFLICT DO NOTHING`);
  return inserted === 1;
}
