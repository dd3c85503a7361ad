// An order's checkout attempts as the customer and the owner see them: each saga (newest
// first) with the state of every step, read from its journal (saga_steps). Codes only; the
// components own the words.
import { z } from "zod";
import { readFailure, type CheckoutFailure } from "@/lib/checkout/failures";
import type { SagaStatus, SagaStepName } from "@/lib/checkout/saga-store";
import { SAGA_STEPS, sagaStatus, stepName } from "@/lib/checkout/saga-store";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

/**
 * done: committed; undone: compensated after a later failure; failed: this step failed (the
 * attempt's reason says why); refunded: a late payment was given back; waiting: the payment is
 * with the provider; running: the saga is at this step now; skipped: never reached.
 */
export type TimelineStepState = "done" | "undone" | "failed" | "refunded" | "waiting" | "running" | "skipped";

export interface TimelineStep {
  step: SagaStepName;
  state: TimelineStepState;
  /** When it reached that state; null when skipped or still running. */
  at: Date | null;
}

export interface CheckoutAttempt {
  id: string;
  /** 1 for the checkout that placed the order, 2.. for each payment after a decline. */
  attempt: number;
  status: SagaStatus;
  failure: CheckoutFailure | null;
  startedAt: Date;
  steps: TimelineStep[];
}

const attemptRow = z.object({
  id: col.text,
  attempt: col.int,
  status: sagaStatus,
  current_step: stepName,
  failure_code: col.nullableText,
  failure_detail: col.json,
  created_at: col.time,
  journal: z.array(z.object({ step: stepName, direction: z.enum(["DO", "UNDO"]), outcome: z.string(), at: z.string() })),
});
type AttemptRow = z.infer<typeof attemptRow>;

const LIVE: readonly SagaStatus[] = ["RUNNING", "COMPENSATING"];

function stepsOf(row: AttemptRow): TimelineStep[] {
  const live = LIVE.includes(row.status);
  const names: SagaStepName[] = [...SAGA_STEPS];
  // REFUND replaces CONFIRM's sale when a payment came too late: shown only when it happened.
  if (row.current_step === "REFUND" || row.journal.some((entry) => entry.step === "REFUND")) names.push("REFUND");
  return names.map((step): TimelineStep => {
    const entries = row.journal.filter((entry) => entry.step === step);
    const undo = entries.find((entry) => entry.direction === "UNDO" && entry.outcome === "undone");
    const done = entries.filter((entry) => entry.direction === "DO").at(-1);
    if (undo) return { step, state: "undone", at: new Date(undo.at) };
    if (done?.outcome === "done") return { step, state: "done", at: new Date(done.at) };
    if (done?.outcome === "refunded") return { step, state: "refunded", at: new Date(done.at) };
    if (done) return { step, state: "failed", at: new Date(done.at) };
    if (live && row.status === "RUNNING" && row.current_step === step)
      return { step, state: step === "PAYMENT" ? "waiting" : "running", at: null };
    return { step, state: "skipped", at: null };
  });
}

/** Every checkout attempt of one order, newest first. The caller has checked who may see it. */
export async function loadCheckoutAttempts(tx: Tx, orderId: string): Promise<CheckoutAttempt[]> {
  const rows = await sqlRows(
    tx,
    attemptRow,
    Prisma.sql`
    SELECT s.id::text, s.payment_attempt AS attempt, s.status::text AS status, s.current_step, s.failure_code, s.failure_detail, s.created_at,
           COALESCE((SELECT json_agg(json_build_object('step', st.step, 'direction', st.direction, 'outcome', st.outcome, 'at', st.created_at)
                                     ORDER BY st.id)
                       FROM saga_steps st WHERE st.saga_id = s.id), '[]'::json) AS journal
      FROM checkout_sagas s
     WHERE s.order_id = ${orderId}::uuid
     ORDER BY s.payment_attempt DESC, s.created_at DESC`,
  );
  return rows.map((row) => ({
    id: row.id,
    attempt: row.attempt,
    status: row.status,
    failure: readFailure(row.failure_code, row.failure_detail),
    startedAt: row.created_at,
    steps: stepsOf(row),
  }));
}
