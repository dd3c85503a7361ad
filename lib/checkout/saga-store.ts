// The checkout saga's rows (checkout_sagas, saga_steps) and the lease that lets one worker
// at a time drive a saga. Every step commits through `fence` + `advance` inside its own
// transaction: the business change, the journal row and the saga's next state commit
// together or not at all, and only while the caller still holds the lease. A worker that
// stalled past its lease and comes back finds its token gone and its transaction refused.
import { z } from "zod";
import { failureColumns, readFailure, type CheckoutFailure } from "@/lib/checkout/failures";
import { sqlInterval } from "@/lib/db/interval";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow, sqlRows } from "@/lib/db/rows";

export const SAGA_STEPS = ["CREATE_ORDER", "RESERVE", "DISCOUNTS", "PRICE", "PAYMENT", "CONFIRM", "NOTIFY"] as const;
/** After the pivot a saga only goes forward: REFUND replaces CONFIRM when the payment came too late. */
export const stepName = z.enum([...SAGA_STEPS, "REFUND"]);
export type SagaStepName = z.infer<typeof stepName>;
export const sagaStatus = z.enum(["RUNNING", "COMPENSATING", "COMPLETED", "COMPENSATED"]);
export type SagaStatus = z.infer<typeof sagaStatus>;

/** Steps before the pivot that have something to undo, in the order they run. */
export const COMPENSABLE: readonly SagaStepName[] = ["CREATE_ORDER", "RESERVE", "DISCOUNTS"];

const sagaContext = z.object({
  /** The provider's token for the card: a PaymentMethod (pm_…) or a ConfirmationToken (ctoken_…). Never a card number. */
  paymentMethod: z.string(),
  contactEmail: z.string().nullable(),
  couponCode: z.string().nullable().optional(),
});
export type SagaContext = z.infer<typeof sagaContext>;

export interface SagaRow {
  id: string;
  userId: string;
  orderId: string;
  status: SagaStatus;
  currentStep: SagaStepName;
  paymentAttempt: number;
  context: SagaContext;
  failure: CheckoutFailure | null;
}

const sagaRow = z.object({
  id: col.text,
  user_id: col.text,
  order_id: col.text,
  status: sagaStatus,
  current_step: stepName,
  payment_attempt: col.int,
  context: sagaContext.nullable(),
  failure_code: col.nullableText,
  failure_detail: col.json,
});
type RawSaga = z.infer<typeof sagaRow>;

const SAGA_COLUMNS = Prisma.sql`id::text, user_id::text, order_id::text, status::text AS status, current_step, payment_attempt, context, failure_code, failure_detail`;

function toSaga(row: RawSaga): SagaRow {
  return {
    id: row.id,
    userId: row.user_id,
    orderId: row.order_id,
    status: row.status,
    currentStep: row.current_step,
    paymentAttempt: row.payment_attempt,
    context: row.context ?? { paymentMethod: "", contactEmail: null },
    failure: readFailure(row.failure_code, row.failure_detail),
  };
}

export interface NewSaga {
  userId: string;
  orderId: string;
  idempotencyKey: string;
  context: SagaContext;
  /** The step the saga starts at: RESERVE after a checkout created the order, RESERVE again to pay an order again. */
  firstStep: SagaStepName;
  leaseToken: string;
  leaseMs: number;
}

/**
 * Inserts the saga for a submission (idempotent on the user and the submission's key) with the
 * caller holding its lease. Returns null when another live saga already drives this order.
 */
export async function insertSaga(tx: Tx, saga: NewSaga): Promise<{ saga: SagaRow; created: boolean } | null> {
  const inserted = await sqlRows(
    tx,
    sagaRow,
    Prisma.sql`
    INSERT INTO checkout_sagas (id, user_id, order_id, idempotency_key, status, current_step, lease_token, locked_until,
                                payment_attempt, context, updated_at)
    SELECT gen_random_uuid(), ${saga.userId}::uuid, ${saga.orderId}::uuid, ${saga.idempotencyKey}, 'RUNNING', ${saga.firstStep},
           ${saga.leaseToken}::uuid, now() + ${sqlInterval(saga.leaseMs)},
           (SELECT COUNT(*) + 1 FROM checkout_sagas WHERE order_id = ${saga.orderId}::uuid)::int,
           ${JSON.stringify(saga.context)}::jsonb, now()
    ON CONFLICT DO NOTHING
    RETURNING ${SAGA_COLUMNS}`,
  );
  if (inserted[0]) return { saga: toSaga(inserted[0]), created: true };
  const existing = await sqlRows(
    tx,
    sagaRow,
    Prisma.sql`
    SELECT ${SAGA_COLUMNS} FROM checkout_sagas WHERE user_id = ${saga.userId}::uuid AND idempotency_key = ${saga.idempotencyKey}`,
  );
  return existing[0] ? { saga: toSaga(existing[0]), created: false } : null;
}

export async function readSaga(tx: Tx, sagaId: string): Promise<SagaRow | null> {
  const row = await sqlRow(tx, sagaRow, Prisma.sql`SELECT ${SAGA_COLUMNS} FROM checkout_sagas WHERE id = ${sagaId}::uuid`);
  return row ? toSaga(row) : null;
}

/**
 * Takes the lease of a live saga nobody is working on (no token, or a lease that ran out).
 * Returns the saga, or null when it is terminal or someone else holds it.
 */
export async function acquireLease(tx: Tx, sagaId: string, token: string, leaseMs: number): Promise<SagaRow | null> {
  const row = await sqlRow(
    tx,
    sagaRow,
    Prisma.sql`
    UPDATE checkout_sagas
       SET lease_token = ${token}::uuid, locked_until = now() + ${sqlInterval(leaseMs)}, attempts = attempts + 1, updated_at = now()
     WHERE id = ${sagaId}::uuid AND status IN ('RUNNING', 'COMPENSATING')
       AND (lease_token IS NULL OR locked_until IS NULL OR locked_until <= now())
     RETURNING ${SAGA_COLUMNS}`,
  );
  return row ? toSaga(row) : null;
}

/** Claims a batch of stalled sagas for the recovery sweep; each comes with a fresh lease token. */
export async function claimStalledSagas(tx: Tx, batchSize: number, leaseMs: number): Promise<{ id: string; token: string }[]> {
  return sqlRows(
    tx,
    z.object({ id: col.text, token: col.text }),
    Prisma.sql`
    UPDATE checkout_sagas s
       SET lease_token = gen_random_uuid(), locked_until = now() + ${sqlInterval(leaseMs)}, attempts = attempts + 1, updated_at = now()
      FROM (SELECT id FROM checkout_sagas
             WHERE status IN ('RUNNING', 'COMPENSATING') AND (locked_until IS NULL OR locked_until <= now())
             ORDER BY locked_until NULLS FIRST
             LIMIT ${batchSize}
               FOR UPDATE SKIP LOCKED) stalled
     WHERE s.id = stalled.id
     RETURNING s.id::text, s.lease_token::text AS token`,
  );
}

/** Thrown when the lease was lost: the transaction rolls back and this worker stops driving. */
export class LeaseLost extends Error {
  constructor(sagaId: string) {
    super(`saga ${sagaId}: lease lost`);
  }
}

/**
 * First statement of every step's transaction: locks the saga row and checks that this worker
 * still holds the lease and the saga is where the worker thinks it is.
 */
export async function fence(tx: Tx, saga: SagaRow, token: string): Promise<void> {
  const held = await sqlRow(
    tx,
    z.object({ id: col.text }),
    Prisma.sql`
    SELECT id::text FROM checkout_sagas
     WHERE id = ${saga.id}::uuid AND lease_token = ${token}::uuid AND status = ${saga.status}::saga_status
       AND current_step = ${saga.currentStep}
       FOR NO KEY UPDATE`,
  );
  if (!held) throw new LeaseLost(saga.id);
}

export interface Transition {
  direction: "DO" | "UNDO";
  step: SagaStepName;
  outcome: string;
  detail?: Record<string, unknown>;
  /** The saga's next state. */
  status: SagaStatus;
  nextStep: SagaStepName;
  failure?: CheckoutFailure | null;
  leaseMs: number;
}

/** Last statement of a step's transaction: the journal row and the saga's next state. */
export async function advance(tx: Tx, saga: SagaRow, transition: Transition): Promise<SagaRow> {
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO saga_steps (saga_id, step, direction, outcome, detail)
    VALUES (${saga.id}::uuid, ${transition.step}, ${transition.direction}, ${transition.outcome},
            ${transition.detail ? JSON.stringify(transition.detail) : null}::jsonb)`);
  const terminal = transition.status === "COMPLETED" || transition.status === "COMPENSATED";
  const failure = transition.failure ? failureColumns(transition.failure) : null;
  const moved = await sqlRow(
    tx,
    sagaRow,
    Prisma.sql`
    UPDATE checkout_sagas
       SET status = ${transition.status}::saga_status, current_step = ${transition.nextStep},
           failure_code = COALESCE(${failure?.code ?? null}, failure_code),
           failure_detail = COALESCE(${failure?.detail ?? null}::jsonb, failure_detail),
           lease_token = CASE WHEN ${terminal} THEN NULL ELSE lease_token END,
           locked_until = CASE WHEN ${terminal} THEN NULL ELSE now() + ${sqlInterval(transition.leaseMs)} END,
           updated_at = now()
     WHERE id = ${saga.id}::uuid
     RETURNING ${SAGA_COLUMNS}`,
  );
  if (!moved) throw new LeaseLost(saga.id);
  return toSaga(moved);
}

/** Gives the lease back without moving the saga; the sweep (or a webhook) resumes it after `retryAfterMs`. */
export async function releaseLease(tx: Tx, sagaId: string, token: string, retryAfterMs: number): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    UPDATE checkout_sagas SET lease_token = NULL, locked_until = now() + ${sqlInterval(retryAfterMs)}, updated_at = now()
     WHERE id = ${sagaId}::uuid AND lease_token = ${token}::uuid`);
}

/** The steps done (and not undone) before the pivot, newest first: what compensation must undo. */
export async function stepsToUndo(tx: Tx, sagaId: string): Promise<SagaStepName[]> {
  const done = await sqlRows(
    tx,
    z.object({ step: stepName }),
    Prisma.sql`
    SELECT d.step FROM saga_steps d
     WHERE d.saga_id = ${sagaId}::uuid AND d.direction = 'DO' AND d.outcome = 'done'
       AND NOT EXISTS (SELECT 1 FROM saga_steps u WHERE u.saga_id = d.saga_id AND u.step = d.step AND u.direction = 'UNDO')
     ORDER BY d.id DESC`,
  );
  return done.map((row) => row.step).filter((step) => COMPENSABLE.includes(step));
}
