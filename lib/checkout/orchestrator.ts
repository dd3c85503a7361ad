// The checkout saga's driver (I9). It runs the steps in order — RESERVE, DISCOUNTS, PRICE,
// PAYMENT (the pivot), CONFIRM, NOTIFY; CREATE_ORDER is done when the saga starts — each
// local step in its own transaction that also writes the journal row and the saga's next
// state (saga-store.ts), so a local step happens exactly once. Only PAYMENT leaves the
// database; it is made safe by an idempotency key per order and attempt, and by asking the
// provider when an answer was lost. A failure before the pivot compensates the steps done,
// newest first; after the pivot the saga only goes forward (a payment that came too late is
// refunded, never turned into a sale of stock that is gone). Whoever holds the lease drives:
// the request that started the checkout, a webhook, or the recovery sweep after a crash.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { claimDiscounts, consumeDiscounts, releaseDiscounts } from "@/lib/checkout/discounts";
import { failureColumns, type CheckoutFailure } from "@/lib/checkout/failures";
import type { ChargeOutcome, ChargeRequest, PaymentGateway } from "@/lib/checkout/gateway";
import {
  acquireLease,
  advance,
  fence,
  LeaseLost,
  readSaga,
  releaseLease,
  stepsToUndo,
  type SagaRow,
  type SagaStatus,
  type SagaStepName,
  type Transition,
} from "@/lib/checkout/saga-store";
import { sqlInterval } from "@/lib/db/interval";
import type { Db, Tx } from "@/lib/db/prisma";
import { Prisma } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { endAdmissionsOnPurchase } from "@/lib/drops/admit";
import { deliverNotification } from "@/lib/notifications/deliver";
import { failureNotice, notify } from "@/lib/notifications/outbox";
import { cancelOrders } from "@/lib/orders/cancel";
import { markOrderPaid } from "@/lib/orders/mark-paid";
import { priceOrder, releaseOrderHolds, reserveOrder } from "@/lib/orders/reserve-order";
import { paymentKey } from "@/lib/payments/keys";
import { routes } from "@/lib/routes";
import { ok } from "@/lib/steps/result";
import { attempt, inTransaction } from "@/lib/steps/run-step";
import { offerAfterOrderCommit } from "@/lib/waitlist/offer-freed-units";

export interface DriveOptions {
  gateway: PaymentGateway;
  /** How long a worker may go without committing a step before another may take the saga over. */
  leaseMs: number;
  /** How long to wait before asking the provider again about a payment still processing or unanswered. */
  pollMs: number;
  /** How long the bank's check (3-D Secure) may go unanswered before the payment is given up (PAYMENT_ACTION_TIMEOUT). */
  actionTimeoutMs: number;
  /** The shop's public URL: the bank's check sends the customer back to the order's page there. */
  appUrl: string;
  /**
   * Test hook: called at named points ("before:DISCOUNTS", "after:RESERVE", "undo:RESERVE",
   * "payment:after-provider", ...); throwing there is a crash, waiting there is a paused worker.
   */
  failpoint?: (point: string) => void | Promise<void>;
}

export interface SagaOutcome {
  sagaId: string;
  orderId: string;
  status: SagaStatus;
  /** The saga waits for the provider (processing, or its answer was lost): a webhook or the sweep resumes it. */
  waiting: boolean;
  /** Another worker holds the saga right now. */
  busy: boolean;
  failure: CheckoutFailure | null;
}

const outcomeOf = (saga: SagaRow, flags: { waiting?: boolean; busy?: boolean } = {}): SagaOutcome => ({
  sagaId: saga.id,
  orderId: saga.orderId,
  status: saga.status,
  waiting: flags.waiting ?? false,
  busy: flags.busy ?? false,
  failure: saga.failure,
});

/**
 * Drives a saga as far as it can go now. With `leaseToken` the caller already holds the
 * lease (it just created the saga, or the sweep claimed it); otherwise the lease is taken
 * here, and a saga someone else is driving is left to them.
 */
export async function driveSaga(db: Db, sagaId: string, options: DriveOptions, leaseToken?: string): Promise<SagaOutcome> {
  const token = leaseToken ?? randomUUID();
  let saga = leaseToken ? await readSaga(db, sagaId) : await acquireLease(db, sagaId, token, options.leaseMs);
  if (!saga) {
    const current = await readSaga(db, sagaId);
    if (!current) throw new Error(`saga ${sagaId} does not exist`);
    return outcomeOf(current, { busy: current.status === "RUNNING" || current.status === "COMPENSATING" });
  }
  // Units this run gave back (a reservation undone, a late payment's order cancelled): once
  // committed, they are offered to the listings' waitlists, as every path that frees units does.
  let unitsFreed = false;
  try {
    while (saga.status === "RUNNING" || saga.status === "COMPENSATING") {
      const step: SagaStepName = saga.currentStep;
      if (saga.status === "COMPENSATING") {
        await options.failpoint?.("before:undo");
        const undone = await compensate(db, saga, token, options);
        saga = undone.saga;
        unitsFreed ||= undone.step === "RESERVE";
        await options.failpoint?.(`undo:${undone.step}`);
        continue;
      }
      await options.failpoint?.(`before:${step}`);
      if (step === "PAYMENT") {
        const paid = await takePayment(db, saga, token, options);
        if (paid === "waiting") return outcomeOf(saga, { waiting: true });
        saga = paid;
      } else if (step === "REFUND") {
        saga = await refundLatePayment(db, saga, token, options);
        unitsFreed = true;
      } else {
        saga = await local(db, saga, token, options, (tx) => LOCAL_STEPS[step](tx, saga!, options));
      }
      await options.failpoint?.(`after:${step}`);
    }
    if (unitsFreed) await offerAfterOrderCommit(db, saga.orderId);
    if (saga.status === "COMPLETED") await sendConfirmation(db, saga.orderId);
    return outcomeOf(saga);
  } catch (error) {
    if (!(error instanceof LeaseLost)) throw error;
    const current = await readSaga(db, sagaId);
    return outcomeOf(current ?? saga, { busy: true });
  }
}

/**
 * Sends the order's confirmation now rather than at the next delivery sweep. Best effort: the
 * order is complete whatever happens here, and the sweep delivers what this could not (I10).
 */
async function sendConfirmation(db: Db, orderId: string): Promise<void> {
  try {
    await deliverNotification(db, `order-confirmed:${orderId}`);
  } catch (error) {
    console.error(`[checkout] the confirmation of order ${orderId} is left to the delivery sweep`, error);
  }
}

type Next = Omit<Transition, "leaseMs" | "direction" | "step"> & { direction?: Transition["direction"] };

/** One local step: fence, business change, journal and next state in one transaction. */
function local(db: Db, saga: SagaRow, token: string, options: DriveOptions, work: (tx: Tx) => Promise<Next>): Promise<SagaRow> {
  return inTransaction(db, async (tx) => {
    await fence(tx, saga, token);
    const next = await work(tx);
    const moved = await advance(tx, saga, { direction: "DO", step: saga.currentStep, leaseMs: options.leaseMs, ...next });
    return ok({ saga: moved });
  }).then((result) => result.saga);
}

const forward = (nextStep: SagaStepName, detail?: Record<string, unknown>): Next => ({
  outcome: "done",
  status: "RUNNING",
  nextStep,
  detail,
});
const fail = (step: SagaStepName, failure: CheckoutFailure, detail?: Record<string, unknown>): Next => ({
  outcome: "failed",
  status: "COMPENSATING",
  nextStep: step,
  failure,
  detail,
});

const LOCAL_STEPS: Record<Exclude<SagaStepName, "PAYMENT" | "REFUND">, (tx: Tx, saga: SagaRow, options: DriveOptions) => Promise<Next>> = {
  // Done when the saga starts (start-checkout.ts); a saga never sits here.
  CREATE_ORDER: async () => forward("RESERVE"),

  async RESERVE(tx, saga) {
    // Behind a savepoint: lines reserved before one that sold out are undone with it.
    const reserved = await attempt(tx, (t, orderId: string) => reserveOrder(t, orderId), saga.orderId);
    if (reserved.ok) return forward("DISCOUNTS", { reservedUnits: reserved.reservedUnits });
    if (reserved.reason === "sold-out") return fail("RESERVE", { code: "sold-out", lines: reserved.lines });
    return fail("RESERVE", { code: reserved.reason });
  },

  async DISCOUNTS(tx, saga) {
    const claimed = await claimDiscounts(tx, saga);
    return forward("PRICE", { discountCents: claimed.discountCents, ...claimed.applied });
  },

  async PRICE(tx, saga) {
    const priced = await priceOrder(tx, saga.orderId);
    return forward("PAYMENT", { totalCents: priced.totalCents, currency: priced.currency });
  },

  async CONFIRM(tx, saga) {
    const paid = await markOrderPaid(tx, saga.orderId);
    if (!paid.ok)
      return { outcome: "too-late", status: "RUNNING", nextStep: "REFUND", failure: { code: "payment-too-late", reason: paid.reason } };
    await consumeDiscounts(tx, saga);
    // A drop's admission that let the customer buy is used up: the next in line gets the room (I12).
    await endAdmissionsOnPurchase(tx, { orderId: saga.orderId, userId: saga.userId });
    const [card] = await sqlRows(
      tx,
      z.object({ brand: col.nullableText, last4: col.nullableText }),
      Prisma.sql`SELECT card_brand AS brand, card_last4 AS last4 FROM payments WHERE order_id = ${saga.orderId}::uuid AND status = 'CAPTURED'`,
    );
    await notify(tx, {
      userId: saga.userId,
      kind: "order-confirmed",
      dedupeKey: saga.orderId,
      payload: { orderId: saga.orderId, last4: card?.last4 ?? null, brand: card?.brand ?? null },
    });
    return forward("NOTIFY", { unitsSold: paid.unitsSold });
  },

  // The confirmation was written with the sale (CONFIRM); it is sent once this commits
  // (driveSaga), outside the transaction: a mail server is no part of the saga.
  async NOTIFY() {
    return { outcome: "done", status: "COMPLETED", nextStep: "NOTIFY" };
  },
};

// ───────────────────────────── the pivot ─────────────────────────────

const paymentState = z.object({
  status: z.enum(["PENDING", "CAPTURED", "DECLINED", "REFUNDED", "REQUIRES_ACTION"]),
  provider_ref: col.nullableText,
  failure_reason: col.nullableText,
  amount_cents: col.int,
  brand: col.nullableText,
  last4: col.nullableText,
  /** The bank's check has waited longer than PAYMENT_ACTION_TIMEOUT. */
  action_overdue: col.bool,
});
type PaymentState = z.infer<typeof paymentState>;

async function takePayment(db: Db, saga: SagaRow, token: string, options: DriveOptions): Promise<SagaRow | "waiting"> {
  const key = paymentKey(saga.orderId, saga.paymentAttempt);
  const prepared = await inTransaction(db, async (tx) => {
    await fence(tx, saga, token);
    const [order] = await sqlRows(
      tx,
      z.object({ total_cents: col.int, currency: col.text, contact_email: col.nullableText }),
      Prisma.sql`
      SELECT total_cents, currency, contact_email FROM orders WHERE id = ${saga.orderId}::uuid`,
    );
    if (!order) throw new Error(`saga ${saga.id}: order ${saga.orderId} is missing`);
    if (order.total_cents === 0) {
      const moved = await advance(tx, saga, {
        direction: "DO",
        step: "PAYMENT",
        leaseMs: options.leaseMs,
        ...forward("CONFIRM", { charged: 0 }),
      });
      return ok({ moved, order, payment: null as PaymentState | null });
    }
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO payments (id, order_id, idempotency_key, amount_cents, status, saga_id, updated_at)
      VALUES (gen_random_uuid(), ${saga.orderId}::uuid, ${key}, ${order.total_cents}, 'PENDING', ${saga.id}::uuid, now())
      ON CONFLICT (idempotency_key) DO NOTHING`);
    const [payment] = await sqlRows(
      tx,
      paymentState,
      Prisma.sql`
      SELECT status::text AS status, provider_ref, failure_reason, amount_cents, card_brand AS brand, card_last4 AS last4,
             COALESCE(action_required_at <= now() - ${sqlInterval(options.actionTimeoutMs)}, false) AS action_overdue
        FROM payments WHERE idempotency_key = ${key}`,
    );
    return ok({ moved: null as SagaRow | null, order, payment: payment ?? null });
  });
  if (prepared.moved) return prepared.moved;
  const payment = prepared.payment;
  if (!payment) throw new Error(`saga ${saga.id}: payment ${key} is missing`);

  const request: ChargeRequest = {
    idempotencyKey: key,
    orderId: saga.orderId,
    attempt: saga.paymentAttempt,
    sagaId: saga.id,
    amountCents: payment.amount_cents,
    currency: prepared.order.currency,
    paymentMethod: saga.context.paymentMethod,
    customerEmail: prepared.order.contact_email ?? saga.context.contactEmail,
    returnUrl: new URL(routes.order(saga.orderId), options.appUrl).toString(),
  };
  let outcome: ChargeOutcome;
  if (payment.status === "CAPTURED" && payment.provider_ref) {
    // A webhook recorded the capture before the saga got here.
    outcome = { status: "succeeded", intentId: payment.provider_ref, brand: payment.brand, last4: payment.last4 };
  } else if (payment.status === "DECLINED") {
    outcome = {
      status: "declined",
      intentId: payment.provider_ref,
      declineCode: "declined",
      message: payment.failure_reason ?? "declined",
    };
  } else {
    // First call, or a replay after a crash: the same idempotency key, so the provider answers
    // with what it did the first time instead of charging again.
    outcome = payment.provider_ref ? await options.gateway.lookup(request, payment.provider_ref) : await options.gateway.charge(request);
    // A replayed confirmation answers what it answered first: after "requires_action", ask for
    // the intent as it is now (the customer may have passed the bank's check meanwhile).
    if (outcome.status === "unknown" || (outcome.status === "requires_action" && !payment.provider_ref))
      outcome = await options.gateway.lookup(request, outcome.intentId);
    // The customer never answered the bank's check: give the payment up, as a decline.
    if (outcome.status === "requires_action" && payment.action_overdue) outcome = await options.gateway.abandon(request, outcome.intentId);
  }
  await options.failpoint?.("payment:after-provider");
  return recordPayment(db, saga, token, options, key, outcome);
}

/** What a failed payment means for the order: a code, with the provider's words kept as details. */
function paymentFailure(outcome: Extract<ChargeOutcome, { status: "declined" | "refused" }>): CheckoutFailure {
  if (outcome.status === "refused") return { code: "payment-method-refused", message: outcome.message };
  if (outcome.declineCode === "payment_intent_authentication_failure") return { code: "authentication-failed" };
  if (outcome.declineCode === "authentication_abandoned") return { code: "authentication-abandoned" };
  return { code: "card-declined", declineCode: outcome.declineCode, message: outcome.message };
}

async function recordPayment(
  db: Db,
  saga: SagaRow,
  token: string,
  options: DriveOptions,
  key: string,
  outcome: ChargeOutcome,
): Promise<SagaRow | "waiting"> {
  if (outcome.status === "processing" || outcome.status === "unknown" || outcome.status === "requires_action") {
    // The answer comes later (a webhook, or the sweep asking again): the lease goes back meanwhile.
    // Waiting on the bank's check, the sweep looks again no later than the check's timeout.
    const retryAfter = outcome.status === "requires_action" ? Math.min(options.pollMs, options.actionTimeoutMs) : options.pollMs;
    await inTransaction(db, async (tx) => {
      await tx.$executeRaw(Prisma.sql`
        UPDATE payments
           SET provider_ref = COALESCE(provider_ref, ${outcome.intentId}),
               status = CASE WHEN ${outcome.status === "requires_action"} THEN 'REQUIRES_ACTION'::payment_status ELSE 'PENDING'::payment_status END,
               action_required_at = CASE WHEN ${outcome.status === "requires_action"} THEN COALESCE(action_required_at, now()) ELSE action_required_at END,
               updated_at = now()
         WHERE idempotency_key = ${key} AND status IN ('PENDING', 'REQUIRES_ACTION')`);
      await releaseLease(tx, saga.id, token, retryAfter);
      return ok();
    });
    return "waiting";
  }
  const result = await inTransaction(db, async (tx) => {
    await fence(tx, saga, token);
    if (outcome.status === "succeeded") {
      await tx.$executeRaw(Prisma.sql`
        UPDATE payments SET status = 'CAPTURED', provider_ref = ${outcome.intentId}, captured_at = COALESCE(captured_at, now()),
               card_brand = COALESCE(${outcome.brand}, card_brand), card_last4 = COALESCE(${outcome.last4}, card_last4), updated_at = now()
         WHERE idempotency_key = ${key} AND status IN ('PENDING', 'CAPTURED', 'REQUIRES_ACTION')`);
      const moved = await advance(tx, saga, {
        direction: "DO",
        step: "PAYMENT",
        leaseMs: options.leaseMs,
        ...forward("CONFIRM", { intentId: outcome.intentId }),
      });
      return ok({ moved });
    }
    const failure = paymentFailure(outcome);
    await tx.$executeRaw(Prisma.sql`
      UPDATE payments SET status = 'DECLINED', failure_reason = ${outcome.message}, provider_ref = COALESCE(provider_ref, ${outcome.intentId}),
             updated_at = now()
       WHERE idempotency_key = ${key} AND status IN ('PENDING', 'REQUIRES_ACTION')`);
    const moved = await advance(tx, saga, {
      direction: "DO",
      step: "PAYMENT",
      leaseMs: options.leaseMs,
      ...fail("PAYMENT", failure),
    });
    return ok({ moved });
  });
  return result.moved;
}

/**
 * After the pivot, when CONFIRM found the order cancelled or its holds gone: give the money
 * back. The refund is named after the saga (its row's id, and the provider's metadata), so a
 * charge.refunded event that comes first is known as ours, not taken for a dashboard refund.
 */
async function refundLatePayment(db: Db, saga: SagaRow, token: string, options: DriveOptions): Promise<SagaRow> {
  const key = paymentKey(saga.orderId, saga.paymentAttempt);
  const [payment] = await sqlRows(
    db,
    z.object({ provider_ref: col.nullableText, status: col.text }),
    Prisma.sql`
    SELECT provider_ref, status::text AS status FROM payments WHERE idempotency_key = ${key}`,
  );
  let providerRefund: string | null = null;
  if (payment?.status === "CAPTURED" && payment.provider_ref) {
    const refunded = await options.gateway.refund(payment.provider_ref, `refund:${key}`, { refundId: saga.id });
    if (refunded.status !== "refunded")
      throw new Error(`saga ${saga.id}: refund of ${payment.provider_ref} unanswered; retried by the sweep`);
    providerRefund = refunded.refundId;
  }
  return local(db, saga, token, options, async (tx) => {
    await tx.$executeRaw(Prisma.sql`
      WITH refunded AS (
        UPDATE payments SET status = 'REFUNDED', refunded_at = now(), refunded_cents = amount_cents, updated_at = now()
         WHERE idempotency_key = ${key} AND status = 'CAPTURED'
        RETURNING id, order_id, amount_cents
      )
      INSERT INTO refunds (id, order_id, payment_id, idempotency_key, provider_ref, amount_cents, status, source, reason, settled_at)
      SELECT ${saga.id}::uuid, order_id, id, ${`refund:${key}`}, ${providerRefund}, amount_cents, 'SUCCEEDED', 'checkout',
             'the payment arrived after the order could no longer be kept', now()
        FROM refunded
      ON CONFLICT DO NOTHING`);
    await releaseDiscounts(tx, saga);
    await cancelOrders(tx, {
      orderIds: [saga.orderId],
      reason: "the payment arrived after the order could no longer be kept; it was refunded",
      ledgerReason: "order cancelled: late payment refunded",
      notification: null,
    });
    await notify(tx, { userId: saga.userId, kind: "payment-refunded", dedupeKey: saga.id, payload: { orderId: saga.orderId } });
    return { outcome: "refunded", status: "COMPENSATED", nextStep: "REFUND" };
  });
}

// ───────────────────────────── compensation ─────────────────────────────

/** Undoes the next step still to undo (newest first); the last undo ends the saga COMPENSATED. */
async function compensate(db: Db, saga: SagaRow, token: string, options: DriveOptions): Promise<{ saga: SagaRow; step: string }> {
  const pending = await stepsToUndo(db, saga.id);
  const step = pending[0];
  return inTransaction(db, async (tx) => {
    await fence(tx, saga, token);
    const failure: CheckoutFailure = saga.failure ?? { code: "other" };
    if (step === "DISCOUNTS") await releaseDiscounts(tx, saga);
    if (step === "RESERVE") await releaseOrderHolds(tx, saga.orderId, `checkout failed: ${failure.code}`);
    if (step === "CREATE_ORDER") await markOrderFailed(tx, saga, failure);
    const last = pending.length <= 1;
    const moved = step
      ? await advance(tx, saga, {
          direction: "UNDO",
          step,
          outcome: "undone",
          status: last ? "COMPENSATED" : "COMPENSATING",
          nextStep: saga.currentStep,
          leaseMs: options.leaseMs,
        })
      : await advance(tx, saga, {
          direction: "UNDO",
          step: saga.currentStep,
          outcome: "nothing-to-undo",
          status: "COMPENSATED",
          nextStep: saga.currentStep,
          leaseMs: options.leaseMs,
        });
    return ok({ moved });
  }).then((result) => ({ saga: result.moved, step: step ?? "none" }));
}

/** CREATE_ORDER's compensation: the order says why this attempt failed; it stays payable until its deadline. */
async function markOrderFailed(tx: Tx, saga: SagaRow, failure: CheckoutFailure): Promise<void> {
  const columns = failureColumns(failure);
  await tx.$executeRaw(Prisma.sql`
    UPDATE orders SET payment_failure_code = ${columns.code}, payment_failure_detail = ${columns.detail}::jsonb
     WHERE id = ${saga.orderId}::uuid AND status = 'PENDING_PAYMENT'`);
  await notify(tx, {
    userId: saga.userId,
    kind: failure.code === "sold-out" ? "sold-out-in-cart" : "payment-declined",
    dedupeKey: saga.id,
    body: failureNotice(failure),
    payload: { orderId: saga.orderId, sagaId: saga.id, failure: failure.code },
  });
}
