// Refunds of paid orders (I13: never more than was captured). An owner refunds their shop's
// lines of an order, whole or some units of each, and chooses whether the units go back on
// sale. Three steps, like the checkout's payment:
//
//   1. requestRefund — one transaction, the payment row locked: the refund row (PENDING) with
//      its lines, its amount counted into payments.refunded_cents at once (a CHECK keeps that
//      within the captured amount), so two refunds at once can never both pass the limit. The
//      owner's form key makes a double press one refund.
//   2. the provider's refund, outside any transaction, under an idempotency key derived from the
//      refund row (`refund:<id>`): asked again after a lost answer, it refunds once.
//   3. settleRefund — one transaction: SUCCEEDED with the ledger (RETURN rows, and an ADJUST
//      that writes the units off when they do not go back on sale) and the customer's
//      notification; or FAILED, and the amount leaves refunded_cents again. A refund whose
//      answer was lost stays PENDING; the sweep asks again (retryPendingRefunds).
//
// Refunds made in the provider's own dashboard reach us as charge.refunded events and are
// recorded by reconcileRefunds, which also settles our own refunds whose answer was lost.
import { z } from "zod";
import type { PaymentGateway, RefundOutcome } from "@/lib/checkout/gateway";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { formatMoney } from "@/lib/format";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";
import { notify } from "@/lib/notifications/outbox";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";
import { inTransaction } from "@/lib/steps/run-step";
import { offerAfterCommit } from "@/lib/waitlist/offer-freed-units";

export interface RefundOrderInput {
  /** The owner's shop: only its lines of the order can be refunded. */
  shopId: string;
  actorId: string;
  orderId: string;
  /** One per submission of the owner's form: a double press is one refund. */
  idempotencyKey: string;
  /** Units per order line (order item id -> quantity); `"all"` refunds every unit of the shop's lines not refunded yet. */
  lines: Record<string, number> | "all";
  /** The units go back on sale; otherwise they are written off (damaged, kept by the customer). */
  restock: boolean;
  reason: string | null;
}

export type RefundRequestRefusal =
  | Refusal<"not-found">
  | Refusal<"not-paid">
  | Refusal<"nothing-to-refund">
  /** More units of a line than are left to refund. */
  | Refusal<"too-many", { lines: { orderItemId: string; productTitle: string; left: number }[] }>
  /** The captured amount is used up (e.g. by refunds made in the provider's dashboard). */
  | Refusal<"over-captured", { leftCents: number; currency: string }>;

export type RefundStatus = "PENDING" | "SUCCEEDED" | "FAILED";

export interface RequestedRefund {
  refundId: string;
  intentId: string;
  amountCents: number;
  currency: string;
  status: RefundStatus;
  /** The same form was submitted before: this is that refund. */
  replayed: boolean;
}

const lineRow = z.object({
  order_item_id: col.text,
  listing_id: col.text,
  title: col.text,
  quantity: col.int,
  due_cents: col.int,
  refunded_quantity: col.int,
  refunded_cents: col.int,
});

/** Step 1: the refund row and its lines, counted against the captured amount. */
export async function requestRefund(tx: Tx, input: RefundOrderInput): Promise<Ok<RequestedRefund> | RefundRequestRefusal> {
  // The payment row is where refunds of one order meet: locked first, every time.
  const [payment] = await sqlRows(
    tx,
    z.object({ id: col.text, provider_ref: col.nullableText, amount_cents: col.int, refunded_cents: col.int, currency: col.text }),
    Prisma.sql`
    SELECT p.id::text, p.provider_ref, p.amount_cents, p.refunded_cents, o.currency
      FROM payments p JOIN orders o ON o.id = p.order_id
     WHERE p.order_id = ${input.orderId}::uuid AND p.captured_at IS NOT NULL AND o.status = 'PAID'
       AND EXISTS (SELECT 1 FROM order_items oi JOIN listings l ON l.id = oi.listing_id
                    WHERE oi.order_id = o.id AND l.shop_id = ${input.shopId}::uuid)
     ORDER BY p.captured_at DESC LIMIT 1
       FOR NO KEY UPDATE OF p`,
  );
  if (!payment) return (await orderOfShop(tx, input)) ? refuse("not-paid") : refuse("not-found");

  const [earlier] = await sqlRows(
    tx,
    z.object({ id: col.text, amount_cents: col.int, status: z.enum(["PENDING", "SUCCEEDED", "FAILED"]), order_id: col.text }),
    Prisma.sql`
    SELECT id::text, amount_cents, status::text AS status, order_id::text FROM refunds WHERE idempotency_key = ${input.idempotencyKey}`,
  );
  if (earlier) {
    if (earlier.order_id !== input.orderId) return refuse("not-found");
    return ok({
      refundId: earlier.id,
      intentId: payment.provider_ref ?? "",
      amountCents: earlier.amount_cents,
      currency: payment.currency,
      status: earlier.status,
      replayed: true,
    });
  }
  if (!payment.provider_ref) throw new Error(`payment ${payment.id} was captured without the provider's reference`);

  const lines = await sqlRows(
    tx,
    lineRow,
    Prisma.sql`
    SELECT oi.id::text AS order_item_id, oi.listing_id::text, ${PRODUCT_DISPLAY_NAME} AS title, oi.quantity,
           (oi.quantity * oi.unit_price_cents - oi.discount_cents)::int AS due_cents,
           COALESCE(SUM(ri.quantity) FILTER (WHERE r.status <> 'FAILED'), 0)::int AS refunded_quantity,
           COALESCE(SUM(ri.amount_cents) FILTER (WHERE r.status <> 'FAILED'), 0)::int AS refunded_cents
      FROM order_items oi
      JOIN listings l ON l.id = oi.listing_id AND l.shop_id = ${input.shopId}::uuid
      JOIN products p ON p.id = l.product_id
      LEFT JOIN refund_items ri ON ri.order_item_id = oi.id
      LEFT JOIN refunds r ON r.id = ri.refund_id
     WHERE oi.order_id = ${input.orderId}::uuid
     GROUP BY oi.id, p.id
     ORDER BY oi.id`,
  );
  const wanted = lines
    .map((line) => ({
      line,
      quantity: input.lines === "all" ? line.quantity - line.refunded_quantity : (input.lines[line.order_item_id] ?? 0),
    }))
    .filter((entry) => entry.quantity > 0);
  const unknown = input.lines === "all" ? [] : Object.keys(input.lines).filter((id) => !lines.some((line) => line.order_item_id === id));
  if (unknown.length > 0) return refuse("not-found");
  if (wanted.length === 0) return refuse("nothing-to-refund");
  const tooMany = wanted.filter(({ line, quantity }) => quantity > line.quantity - line.refunded_quantity);
  if (tooMany.length > 0) {
    return refuse("too-many", {
      lines: tooMany.map(({ line }) => ({
        orderItemId: line.order_item_id,
        productTitle: line.title,
        left: line.quantity - line.refunded_quantity,
      })),
    });
  }
  // A line's amount is what was paid for it after discounts, shared per unit; its last units
  // take what is left, so refunding a line in parts adds up to exactly what it cost.
  const items = wanted.map(({ line, quantity }) => {
    const last = line.refunded_quantity + quantity === line.quantity;
    const amountCents = last ? line.due_cents - line.refunded_cents : Math.floor((line.due_cents * quantity) / line.quantity);
    return { orderItemId: line.order_item_id, quantity, amountCents };
  });
  const amountCents = items.reduce((sum, item) => sum + item.amountCents, 0);
  const leftCents = payment.amount_cents - payment.refunded_cents;
  if (amountCents > leftCents) return refuse("over-captured", { leftCents, currency: payment.currency });
  if (amountCents === 0) return refuse("nothing-to-refund");

  const [refund] = await sqlRows(
    tx,
    z.object({ id: col.text }),
    Prisma.sql`
    WITH refund AS (
      INSERT INTO refunds (id, order_id, payment_id, idempotency_key, amount_cents, restock, source, reason, actor_id)
      VALUES (gen_random_uuid(), ${input.orderId}::uuid, ${payment.id}::uuid, ${input.idempotencyKey}, ${amountCents}, ${input.restock},
              'owner', ${input.reason}, ${input.actorId}::uuid)
      RETURNING id
    ), counted AS (
      UPDATE payments SET refunded_cents = refunded_cents + ${amountCents}, updated_at = now() WHERE id = ${payment.id}::uuid
    )
    SELECT id::text FROM refund`,
  );
  if (!refund) throw new Error("the refund row was not written");
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO refund_items (id, refund_id, order_item_id, quantity, amount_cents)
    SELECT gen_random_uuid(), ${refund.id}::uuid, item.order_item_id, item.quantity, item.amount_cents
      FROM jsonb_to_recordset(${JSON.stringify(items.map((item) => ({ order_item_id: item.orderItemId, quantity: item.quantity, amount_cents: item.amountCents })))}::jsonb)
           AS item(order_item_id uuid, quantity int, amount_cents int)`);
  return ok({
    refundId: refund.id,
    intentId: payment.provider_ref,
    amountCents,
    currency: payment.currency,
    status: "PENDING" as const,
    replayed: false,
  });
}

async function orderOfShop(tx: Tx, input: { orderId: string; shopId: string }): Promise<boolean> {
  const rows = await sqlRows(
    tx,
    z.object({ found: col.bool }),
    Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM order_items oi JOIN listings l ON l.id = oi.listing_id
                    WHERE oi.order_id = ${input.orderId}::uuid AND l.shop_id = ${input.shopId}::uuid) AS found`,
  );
  return rows[0]?.found ?? false;
}

export interface SettledRefund {
  status: RefundStatus;
  /** Listings whose units went back on sale: their waitlists are offered them after the commit. */
  restockedListings: string[];
}

/**
 * Step 3: records what the provider answered. Settles a PENDING refund once (a second answer,
 * say a webhook after the form's own, changes nothing); an unknown answer leaves it PENDING.
 */
export async function settleRefund(tx: Tx, refundId: string, outcome: RefundOutcome): Promise<SettledRefund> {
  const [refund] = await sqlRows(
    tx,
    z.object({
      id: col.text,
      order_id: col.text,
      payment_id: col.text,
      amount_cents: col.int,
      restock: col.bool,
      status: z.enum(["PENDING", "SUCCEEDED", "FAILED"]),
      actor_id: col.nullableText,
      user_id: col.text,
      currency: col.text,
    }),
    Prisma.sql`
    SELECT r.id::text, r.order_id::text, r.payment_id::text, r.amount_cents, r.restock, r.status::text AS status, r.actor_id::text,
           o.user_id::text, o.currency
      FROM refunds r JOIN orders o ON o.id = r.order_id
     WHERE r.id = ${refundId}::uuid
       FOR NO KEY UPDATE OF r`,
  );
  if (!refund) throw new Error(`refund ${refundId} does not exist`);
  if (refund.status !== "PENDING" || outcome.status === "unknown") return { status: refund.status, restockedListings: [] };

  if (outcome.status === "refused") {
    await tx.$executeRaw(Prisma.sql`
      UPDATE refunds SET status = 'FAILED', failure_reason = ${outcome.message}, settled_at = now() WHERE id = ${refund.id}::uuid`);
    await tx.$executeRaw(Prisma.sql`
      UPDATE payments SET refunded_cents = refunded_cents - ${refund.amount_cents}, updated_at = now() WHERE id = ${refund.payment_id}::uuid`);
    return { status: "FAILED", restockedListings: [] };
  }

  await tx.$executeRaw(Prisma.sql`
    UPDATE refunds SET status = 'SUCCEEDED', provider_ref = COALESCE(${outcome.refundId}, provider_ref), settled_at = now()
     WHERE id = ${refund.id}::uuid`);
  await markRefundedInFull(tx, refund.payment_id);
  // The ledger (I2): the units come back on hand (RETURN); kept off sale, an ADJUST writes them
  // off again. Listings locked in id order, as every path that moves stock does.
  await tx.$queryRaw(Prisma.sql`
    SELECT l.id FROM listings l
     WHERE l.id IN (SELECT oi.listing_id FROM refund_items ri JOIN order_items oi ON oi.id = ri.order_item_id WHERE ri.refund_id = ${refund.id}::uuid)
     ORDER BY l.id FOR NO KEY UPDATE`);
  const returned = await sqlRows(
    tx,
    z.object({ listing_id: col.text }),
    Prisma.sql`
    WITH units AS (
      SELECT oi.listing_id, SUM(ri.quantity)::int AS quantity
        FROM refund_items ri JOIN order_items oi ON oi.id = ri.order_item_id
       WHERE ri.refund_id = ${refund.id}::uuid
       GROUP BY oi.listing_id
    ), moved AS (
      UPDATE listings l SET on_hand = l.on_hand + CASE WHEN ${refund.restock} THEN u.quantity ELSE 0 END, updated_at = now()
        FROM units u WHERE l.id = u.listing_id
      RETURNING l.id, u.quantity
    ), ledger AS (
      -- RETURN first, then the ADJUST that writes the units off: in this order in the ledger.
      INSERT INTO inventory_movements (listing_id, kind, on_hand_delta, order_id, refund_id, actor_id, reason)
      SELECT id, kind::movement_kind, delta, ${refund.order_id}::uuid, ${refund.id}::uuid, ${refund.actor_id}::uuid, reason
        FROM (SELECT id, 'RETURN' AS kind, quantity AS delta, 'refunded' AS reason, 1 AS seq FROM moved
              UNION ALL
              SELECT id, 'ADJUST', -quantity, 'refunded: written off, not back on sale', 2 FROM moved WHERE NOT ${refund.restock}) rows
       ORDER BY seq, id
    )
    SELECT id::text AS listing_id FROM moved`,
  );
  await notify(tx, {
    userId: refund.user_id,
    kind: "order-refunded",
    dedupeKey: refund.id,
    body: `The shop refunded ${formatMoney(refund.amount_cents, refund.currency)} of your order to your card. Banks take a few days to show it.`,
    payload: { orderId: refund.order_id, amountCents: refund.amount_cents, currency: refund.currency },
  });
  return { status: "SUCCEEDED", restockedListings: refund.restock ? returned.map((row) => row.listing_id) : [] };
}

/** A payment whose settled refunds add up to all of it is REFUNDED. */
async function markRefundedInFull(tx: Tx, paymentId: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    UPDATE payments p SET status = 'REFUNDED', refunded_at = now(), updated_at = now()
     WHERE p.id = ${paymentId}::uuid AND p.status = 'CAPTURED'
       AND (SELECT COALESCE(SUM(amount_cents), 0) FROM refunds WHERE payment_id = p.id AND status = 'SUCCEEDED') = p.amount_cents`);
}

export type RefundOrderResult =
  | Ok<{ refundId: string; amountCents: number; currency: string; status: "PENDING" | "SUCCEEDED" }>
  | RefundRequestRefusal
  /** The provider refused it (say, the charge was disputed): nothing was refunded. */
  | Refusal<"provider-refused">;

/** The owner's refund, all three steps; a refund still PENDING afterwards is finished by the sweep or a webhook. */
export async function refundOrder(db: Db, gateway: PaymentGateway, input: RefundOrderInput): Promise<RefundOrderResult> {
  const requested = await inTransaction(db, (tx) => requestRefund(tx, input));
  if (!requested.ok) return requested;
  const status = requested.status === "PENDING" ? await askProvider(db, gateway, requested) : requested.status;
  if (status === "FAILED") return refuse("provider-refused");
  return ok({ refundId: requested.refundId, amountCents: requested.amountCents, currency: requested.currency, status });
}

async function askProvider(
  db: Db,
  gateway: PaymentGateway,
  refund: { refundId: string; intentId: string; amountCents: number },
): Promise<RefundStatus> {
  const outcome = await gateway.refund(refund.intentId, refundKey(refund.refundId), {
    amountCents: refund.amountCents,
    refundId: refund.refundId,
  });
  const settled = await inTransaction(db, async (tx) => ok(await settleRefund(tx, refund.refundId, outcome)));
  if (settled.restockedListings.length > 0) await offerAfterCommit(db, settled.restockedListings);
  return settled.status;
}

/** The provider's idempotency key of one of our refunds. */
export function refundKey(refundId: string): string {
  return `refund:${refundId}`;
}

/** The sweep's part: refunds whose provider answer was lost are asked again, under the same key. */
export async function retryPendingRefunds(
  db: Db,
  gateway: PaymentGateway,
  options: { olderThanMs: number; limit?: number },
): Promise<number> {
  const pending = await sqlRows(
    db,
    z.object({ id: col.text, provider_ref: col.text, amount_cents: col.int }),
    Prisma.sql`
    SELECT r.id::text, p.provider_ref, r.amount_cents
      FROM refunds r JOIN payments p ON p.id = r.payment_id
     WHERE r.status = 'PENDING' AND r.source = 'owner' AND p.provider_ref IS NOT NULL
       AND r.created_at <= now() - make_interval(secs => ${options.olderThanMs / 1000})
     ORDER BY r.created_at LIMIT ${options.limit ?? 50}`,
  );
  let settled = 0;
  for (const refund of pending) {
    const status = await askProvider(db, gateway, { refundId: refund.id, intentId: refund.provider_ref, amountCents: refund.amount_cents });
    if (status !== "PENDING") settled++;
  }
  return settled;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A charge.refunded event: what the provider holds for the payment is the truth. Our own
 * refunds (named in their metadata) are settled if they were still waiting; a refund made in the
 * provider's dashboard is recorded (no lines, no stock change: the owner did not say which units)
 * and the customer is told.
 */
export async function reconcileRefunds(db: Db, gateway: PaymentGateway, intentId: string): Promise<{ recorded: number; settled: number }> {
  const provider = await gateway.listRefunds(intentId);
  let recorded = 0;
  let settled = 0;
  for (const refund of provider) {
    if (refund.ours && UUID.test(refund.ours)) {
      const outcome: RefundOutcome =
        refund.status === "succeeded" || refund.status === "pending"
          ? { status: "refunded", refundId: refund.refundId }
          : refund.status === "failed" || refund.status === "canceled"
            ? { status: "refused", message: `the refund ${refund.status}` }
            : { status: "unknown" };
      const result = await inTransaction(db, async (tx) => {
        const [mine] = await sqlRows(
          tx,
          z.object({ id: col.text }),
          Prisma.sql`
          SELECT r.id::text FROM refunds r JOIN payments p ON p.id = r.payment_id
           WHERE r.id = ${refund.ours}::uuid AND p.provider_ref = ${intentId} AND r.status = 'PENDING'`,
        );
        return ok({ settled: mine ? await settleRefund(tx, mine.id, outcome) : null });
      });
      if (result.settled && result.settled.status !== "PENDING") settled++;
      if (result.settled && result.settled.restockedListings.length > 0) await offerAfterCommit(db, result.settled.restockedListings);
      continue;
    }
    if (refund.status !== "succeeded" && refund.status !== "pending") continue;
    const added = await inTransaction(db, (tx) => recordProviderRefund(tx, intentId, refund));
    if (added.recorded) recorded++;
  }
  return { recorded, settled };
}

async function recordProviderRefund(
  tx: Tx,
  intentId: string,
  refund: { refundId: string; amountCents: number },
): Promise<Ok<{ recorded: boolean }>> {
  const [payment] = await sqlRows(
    tx,
    z.object({ id: col.text, order_id: col.text, user_id: col.text, currency: col.text }),
    Prisma.sql`
    SELECT p.id::text, p.order_id::text, o.user_id::text, o.currency
      FROM payments p JOIN orders o ON o.id = p.order_id
     WHERE p.provider_ref = ${intentId} AND p.captured_at IS NOT NULL
       FOR NO KEY UPDATE OF p`,
  );
  if (!payment) return ok({ recorded: false });
  const inserted = await tx.$executeRaw(Prisma.sql`
    INSERT INTO refunds (id, order_id, payment_id, idempotency_key, provider_ref, amount_cents, status, source, settled_at)
    VALUES (gen_random_uuid(), ${payment.order_id}::uuid, ${payment.id}::uuid, ${`provider:${refund.refundId}`}, ${refund.refundId},
            ${refund.amountCents}, 'SUCCEEDED', 'provider', now())
    ON CONFLICT DO NOTHING`);
  if (inserted !== 1) return ok({ recorded: false });
  await tx.$executeRaw(Prisma.sql`
    UPDATE payments SET refunded_cents = refunded_cents + ${refund.amountCents}, updated_at = now() WHERE id = ${payment.id}::uuid`);
  await markRefundedInFull(tx, payment.id);
  await notify(tx, {
    userId: payment.user_id,
    kind: "order-refunded",
    dedupeKey: `provider:${refund.refundId}`,
    body: `The shop refunded ${formatMoney(refund.amountCents, payment.currency)} of your order to your card. Banks take a few days to show it.`,
    payload: { orderId: payment.order_id, amountCents: refund.amountCents, currency: payment.currency },
  });
  return ok({ recorded: true });
}
