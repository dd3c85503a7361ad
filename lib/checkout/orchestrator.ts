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
import type { ChargeOutcome, ChargeRequest, PaymentGateway } from "@/lib/checkout/gateway";
import {
  acquireLease,
  advance,
  fence,
  LeaseLost,
  paymentKey,
  readSaga,
  releaseLease,
  stepsToUndo,
  type SagaRow,
  type SagaStatus,
  type SagaStepName,
  type Transition,
} from "@/lib/checkout/saga-store";
import type { Db, Tx } from "@/lib/db/prisma";
import { Prisma } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { endAdmissionsOnPurchase } from "@/lib/drops/admit";
import { deliverNotification } from "@/lib/notifications/deliver";
import { notify } from "@/lib/notifications/outbox";
import { cancelOrders } from "@/lib/orders/cancel";
import { markOrderPaid } from "@/lib/orders/mark-paid";
import { priceOrder, releaseOrderHolds, reserveOrder } from "@/lib/orders/reserve-order";
import { ok } from "@/lib/steps/result";
import { attempt, inTransaction } from "@/lib/steps/run-step";
import { offerAfterOrderCommit } from "@/lib/waitlist/offer-freed-units";

export interface DriveOptions {
  gateway: PaymentGateway;
  /** How long a worker may go without committing a step before another may take the saga over. */
  leaseMs: number;
  /** How long to wait before asking the provider again about a payment still processing or unanswered. */
  pollMs: number;
  /** Test hook: called at named points ("after:RESERVE", "payment:after-provider", ...); throwing there is a crash. */
  failpoint?: (point: string) => void;
}

export interface SagaOutcome {
  sagaId: string;
  orderId: string;
  status: SagaStatus;
  /** The saga waits for the provider (processing, or its answer was lost): a webhook or the sweep resumes it. */
  waiting: boolean;
  /** Another worker holds the saga right now. */
  busy: boolean;
  failureReason: string | null;
}

const outcomeOf = (saga: SagaRow, flags: { waiting?: boolean; busy?: boolean } = {}): SagaOutcome => ({
  sagaId: saga.id,
  orderId: saga.orderId,
  status: saga.status,
  waiting: flags.waiting ?? false,
  busy: flags.busy ?? false,
  failureReason: saga.failureReason,
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
        const undone = await compensate(db, saga, token, options);
        saga = undone.saga;
        unitsFreed ||= undone.step === "RESERVE";
        options.failpoint?.(`undo:${undone.step}`);
        continue;
      }
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
      options.failpoint?.(`after:${step}`);
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
const fail = (step: SagaStepName, failureReason: string, detail?: Record<string, unknown>): Next => ({
  outcome: "failed",
  status: "COMPENSATING",
  nextStep: step,
  failureReason,
  detail,
});

const LOCAL_STEPS: Record<Exclude<SagaStepName, "PAYMENT" | "REFUND">, (tx: Tx, saga: SagaRow, options: DriveOptions) => Promise<Next>> = {
  // Done when the saga starts (start-checkout.ts); a saga never sits here.
  CREATE_ORDER: async () => forward("RESERVE"),

  async RESERVE(tx, saga) {
    // Behind a savepoint: lines reserved before one that sold out are undone with it.
    const reserved = await attempt(tx, (t, orderId: string) => reserveOrder(t, orderId), saga.orderId);
    if (reserved.ok) return forward("DISCOUNTS", { reservedUnits: reserved.reservedUnits });
    if (reserved.reason === "sold-out") {
      const titles = reserved.lines.map((line) => line.productTitle).join(", ");
      return fail("RESERVE", `sold out: ${titles}`, { lines: reserved.lines });
    }
    return fail(
      "RESERVE",
      reserved.reason === "past-deadline" ? "the payment deadline has passed" : "the order is no longer awaiting payment",
    );
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
      return { outcome: "too-late", status: "RUNNING", nextStep: "REFUND", failureReason: `payment came too late (${paid.reason})` };
    await consumeDiscounts(tx, saga);
    // A drop's admission that let the customer buy is used up: the next in line gets the room (I12).
    await endAdmissionsOnPurchase(tx, { orderId: saga.orderId, userId: saga.userId });
    await notify(tx, {
      userId: saga.userId,
      kind: "order-confirmed",
      dedupeKey: saga.orderId,
      payload: { orderId: saga.orderId, last4: saga.context.cardLast4, brand: saga.context.cardBrand },
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
  status: z.enum(["PENDING", "CAPTURED", "DECLINED", "REFUNDED"]),
  provider_ref: col.nullableText,
  failure_reason: col.nullableText,
  amount_cents: col.int,
});
type PaymentState = z.infer<typeof paymentState>;

async function takePayment(db: Db, saga: SagaRow, token: string, options: DriveOptions): Promise<SagaRow | "waiting"> {
  const key = paymentKey(saga);
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
      INSERT INTO payments (id, order_id, idempotency_key, amount_cents, status, saga_id, card_brand, card_last4, updated_at)
      VALUES (gen_random_uuid(), ${saga.orderId}::uuid, ${key}, ${order.total_cents}, 'PENDING', ${saga.id}::uuid,
              ${saga.context.cardBrand}, ${saga.context.cardLast4}, now())
      ON CONFLICT (idempotency_key) DO NOTHING`);
    const [payment] = await sqlRows(
      tx,
      paymentState,
      Prisma.sql`
      SELECT status::text AS status, provider_ref, failure_reason, amount_cents FROM payments WHERE idempotency_key = ${key}`,
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
  };
  let outcome: ChargeOutcome;
  if (payment.status === "CAPTURED" && payment.provider_ref) {
    // A webhook recorded the capture before the saga got here.
    outcome = { status: "succeeded", intentId: payment.provider_ref, brand: saga.context.cardBrand, last4: saga.context.cardLast4 };
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
    if (outcome.status === "unknown") outcome = await options.gateway.lookup(request, outcome.intentId);
  }
  options.failpoint?.("payment:after-provider");
  return recordPayment(db, saga, token, options, key, outcome);
}

async function recordPayment(
  db: Db,
  saga: SagaRow,
  token: string,
  options: DriveOptions,
  key: string,
  outcome: ChargeOutcome,
): Promise<SagaRow | "waiting"> {
  if (outcome.status === "processing" || outcome.status === "unknown") {
    await inTransaction(db, async (tx) => {
      if (outcome.intentId) {
        await tx.$executeRaw(Prisma.sql`
          UPDATE payments SET provider_ref = COALESCE(provider_ref, ${outcome.intentId}), updated_at = now() WHERE idempotency_key = ${key}`);
      }
      await releaseLease(tx, saga.id, token, options.pollMs);
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
         WHERE idempotency_key = ${key} AND status IN ('PENDING', 'CAPTURED')`);
      const moved = await advance(tx, saga, {
        direction: "DO",
        step: "PAYMENT",
        leaseMs: options.leaseMs,
        ...forward("CONFIRM", { intentId: outcome.intentId }),
      });
      return ok({ moved });
    }
    await tx.$executeRaw(Prisma.sql`
      UPDATE payments SET status = 'DECLINED', failure_reason = ${outcome.message}, provider_ref = COALESCE(provider_ref, ${outcome.intentId}),
             updated_at = now()
       WHERE idempotency_key = ${key} AND status = 'PENDING'`);
    const moved = await advance(tx, saga, {
      direction: "DO",
      step: "PAYMENT",
      leaseMs: options.leaseMs,
      ...fail("PAYMENT", `payment declined: ${outcome.message}`, { declineCode: outcome.declineCode }),
    });
    return ok({ moved });
  });
  return result.moved;
}

/** After the pivot, when CONFIRM found the order cancelled or its holds gone: give the money back. */
async function refundLatePayment(db: Db, saga: SagaRow, token: string, options: DriveOptions): Promise<SagaRow> {
  const key = paymentKey(saga);
  const [payment] = await sqlRows(
    db,
    z.object({ provider_ref: col.nullableText, status: col.text }),
    Prisma.sql`
    SELECT provider_ref, status::text AS status FROM payments WHERE idempotency_key = ${key}`,
  );
  if (payment?.status === "CAPTURED" && payment.provider_ref) {
    const refunded = await options.gateway.refund(payment.provider_ref, `refund:${key}`);
    if (refunded.status !== "refunded")
      throw new Error(`saga ${saga.id}: refund of ${payment.provider_ref} unanswered; retried by the sweep`);
  }
  return local(db, saga, token, options, async (tx) => {
    await tx.$executeRaw(Prisma.sql`
      UPDATE payments SET status = 'REFUNDED', refunded_at = now(), updated_at = now() WHERE idempotency_key = ${key} AND status = 'CAPTURED'`);
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
    const reason = saga.failureReason ?? "checkout failed";
    if (step === "DISCOUNTS") await releaseDiscounts(tx, saga);
    if (step === "RESERVE") await releaseOrderHolds(tx, saga.orderId, `checkout failed: ${reason}`.slice(0, 200));
    if (step === "CREATE_ORDER") await markOrderFailed(tx, saga, reason);
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
async function markOrderFailed(tx: Tx, saga: SagaRow, reason: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    UPDATE orders SET payment_failure = ${reason} WHERE id = ${saga.orderId}::uuid AND status = 'PENDING_PAYMENT'`);
  const soldOut = reason.startsWith("sold out");
  await notify(tx, {
    userId: saga.userId,
    kind: soldOut ? "sold-out-in-cart" : "payment-declined",
    dedupeKey: saga.id,
    body: soldOut
      ? `We could not reserve your order's items again (${reason}). Nothing was charged.`
      : `Your payment did not go through (${reason.replace(/^payment declined: /, "")}). Nothing was charged and your items went back on sale; you can pay with another card until the order's deadline.`,
    payload: { orderId: saga.orderId, sagaId: saga.id },
  });
}
