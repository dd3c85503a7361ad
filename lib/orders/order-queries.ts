// Orders as the customer sees them. Times come with the database's `now` for countdowns.
import { z } from "zod";
import { readFailure, type CheckoutFailure } from "@/lib/checkout/failures";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";
import type { ShippingAddress } from "@/lib/orders/place-order";
import { loadCheckoutAttempts, type CheckoutAttempt } from "@/lib/orders/saga-timeline";

export const orderStatus = z.enum(["PENDING_PAYMENT", "PAID", "CANCELLED"]);
export type OrderStatus = z.infer<typeof orderStatus>;
export const shippingAddress = z.object({
  name: z.string(),
  street: z.string(),
  city: z.string(),
  postalCode: z.string(),
  country: z.string(),
});

export interface OrderSummary {
  id: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  itemCount: number;
  createdAt: Date;
  paymentDeadline: Date;
  /** Why the last payment attempt failed; the order stays payable until its deadline. */
  paymentFailure: CheckoutFailure | null;
  /** A checkout saga is still working on this order (e.g. the bank has not confirmed yet). */
  paymentInProgress: boolean;
}

export interface OrderItemView {
  listingId: string;
  /** The product with its variant: "Title (Variant)". */
  productTitle: string;
  productSlug: string;
  shopName: string;
  quantity: number;
  unitPriceCents: number;
  /** Taken off this line (flash sale, coupon); the line comes to quantity × unit price − this. */
  discountCents: number;
}

export const paymentStatus = z.enum(["PENDING", "REQUIRES_ACTION", "CAPTURED", "DECLINED", "REFUNDED"]);

/** The card that paid (or last tried to pay): brand and last 4 are all the shop keeps. */
export interface OrderPaymentView {
  status: z.infer<typeof paymentStatus>;
  /** The provider's payment (pi_…): what the bank's check is asked about. */
  intentId: string | null;
  amountCents: number;
  /** Given back so far by refunds (asked for or done). */
  refundedCents: number;
  cardBrand: string | null;
  cardLast4: string | null;
  capturedAt: Date | null;
  refundedAt: Date | null;
}

/** A refund of (part of) a paid order, as the customer and the owner see it. */
export interface OrderRefundView {
  id: string;
  amountCents: number;
  status: "PENDING" | "SUCCEEDED" | "FAILED";
  /** The units went back on sale. */
  restock: boolean;
  /** owner: from the shop's dashboard; provider: made in the payment provider's dashboard. */
  source: "owner" | "provider";
  reason: string | null;
  createdAt: Date;
  lines: { orderItemId: string; productTitle: string; quantity: number }[];
}

export interface OrderDetail extends OrderSummary {
  /** Quantity × unit price over the lines; minus discountCents (the lines' discounts) it is totalCents. */
  subtotalCents: number;
  discountCents: number;
  paidAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  contactEmail: string | null;
  shippingAddress: ShippingAddress | null;
  /** Unpaid, not in progress and before the deadline: another card may be tried. */
  canPayAgain: boolean;
  payment: OrderPaymentView | null;
  refunds: OrderRefundView[];
  items: OrderItemView[];
  attempts: CheckoutAttempt[];
  now: Date;
}

/** What the order page polls while a payment is in progress. */
export interface OrderPaymentState {
  status: OrderStatus;
  paymentInProgress: boolean;
}

const summaryRow = z.object({
  id: col.text,
  status: orderStatus,
  total_cents: col.int,
  currency: col.text,
  item_count: col.int,
  created_at: col.time,
  payment_deadline: col.time,
  payment_failure_code: col.nullableText,
  payment_failure_detail: col.json,
  in_progress: col.bool,
});
type SummaryRow = z.infer<typeof summaryRow>;

function toSummary(row: SummaryRow): OrderSummary {
  return {
    id: row.id,
    status: row.status,
    totalCents: row.total_cents,
    currency: row.currency,
    itemCount: row.item_count,
    createdAt: row.created_at,
    paymentDeadline: row.payment_deadline,
    paymentFailure: readFailure(row.payment_failure_code, row.payment_failure_detail),
    paymentInProgress: row.in_progress,
  };
}

// A checkout saga still running or compensating: the order's payment is not settled yet.
const LIVE_SAGA = Prisma.sql`EXISTS (SELECT 1 FROM checkout_sagas s WHERE s.order_id = o.id AND s.status IN ('RUNNING', 'COMPENSATING'))`;

export async function listOrders(tx: Tx, userId: string): Promise<{ orders: OrderSummary[]; now: Date }> {
  const rows = await sqlRows(
    tx,
    summaryRow.extend({ now: col.time }),
    Prisma.sql`
    SELECT o.id::text, o.status::text AS status, o.total_cents, o.currency,
           COALESCE((SELECT SUM(quantity) FROM order_items WHERE order_id = o.id), 0)::int AS item_count,
           o.created_at, o.payment_deadline, o.payment_failure_code, o.payment_failure_detail, ${LIVE_SAGA} AS in_progress, now() AS now
      FROM orders o
     WHERE o.user_id = ${userId}::uuid
     ORDER BY o.created_at DESC
     LIMIT 100`,
  );
  const now = rows[0]?.now ?? (await sqlRows(tx, z.object({ now: col.time }), Prisma.sql`SELECT now() AS now`))[0]?.now ?? new Date();
  return { orders: rows.map(toSummary), now };
}

const detailRow = summaryRow.extend({
  subtotal_cents: col.int,
  discount_cents: col.int,
  paid_at: col.nullableTime,
  cancelled_at: col.nullableTime,
  cancel_reason: col.nullableText,
  contact_email: col.nullableText,
  shipping_address: shippingAddress.nullable(),
  overdue: col.bool,
  now: col.time,
});

/** One of the customer's own orders; null for someone else's or a missing one. */
export async function getOrder(tx: Tx, userId: string, orderId: string): Promise<OrderDetail | null> {
  const rows = await sqlRows(
    tx,
    detailRow,
    Prisma.sql`
    SELECT o.id::text, o.status::text AS status, o.total_cents, o.subtotal_cents, o.discount_cents, o.currency,
           COALESCE((SELECT SUM(quantity) FROM order_items WHERE order_id = o.id), 0)::int AS item_count,
           o.created_at, o.payment_deadline, o.paid_at, o.cancelled_at, o.cancel_reason, o.payment_failure_code, o.payment_failure_detail,
           o.contact_email, o.shipping_address, ${LIVE_SAGA} AS in_progress, o.payment_deadline <= now() AS overdue, now() AS now
      FROM orders o
     WHERE o.id = ${orderId}::uuid AND o.user_id = ${userId}::uuid`,
  );
  const row = rows[0];
  if (!row) return null;
  const [items, payment, attempts, refunds] = await Promise.all([
    orderItems(tx, orderId),
    latestPayment(tx, orderId),
    loadCheckoutAttempts(tx, orderId),
    orderRefunds(tx, orderId),
  ]);
  return {
    ...toSummary(row),
    subtotalCents: row.subtotal_cents,
    discountCents: row.discount_cents,
    paidAt: row.paid_at,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
    contactEmail: row.contact_email,
    shippingAddress: row.shipping_address,
    canPayAgain: row.status === "PENDING_PAYMENT" && !row.in_progress && !row.overdue,
    payment,
    refunds,
    items,
    attempts,
    now: row.now,
  };
}

/** The order's status for the page's poll; null for someone else's or a missing one. */
export async function getOrderPaymentState(tx: Tx, userId: string, orderId: string): Promise<OrderPaymentState | null> {
  const rows = await sqlRows(
    tx,
    z.object({ status: orderStatus, in_progress: col.bool }),
    Prisma.sql`
    SELECT o.status::text AS status, ${LIVE_SAGA} AS in_progress
      FROM orders o WHERE o.id = ${orderId}::uuid AND o.user_id = ${userId}::uuid`,
  );
  const row = rows[0];
  return row ? { status: row.status, paymentInProgress: row.in_progress } : null;
}

/** The address the customer shipped to last, to prefill the next checkout. */
export async function lastShippingAddress(tx: Tx, userId: string): Promise<ShippingAddress | null> {
  const rows = await sqlRows(
    tx,
    z.object({ shipping_address: shippingAddress }),
    Prisma.sql`
    SELECT shipping_address FROM orders
     WHERE user_id = ${userId}::uuid AND shipping_address IS NOT NULL
     ORDER BY created_at DESC LIMIT 1`,
  );
  return rows[0]?.shipping_address ?? null;
}

async function orderItems(tx: Tx, orderId: string): Promise<OrderItemView[]> {
  const itemRow = z.object({
    listing_id: col.text,
    title: col.text,
    slug: col.text,
    shop_name: col.text,
    quantity: col.int,
    unit_price_cents: col.int,
    discount_cents: col.int,
  });
  const items = await sqlRows(
    tx,
    itemRow,
    Prisma.sql`
    SELECT oi.listing_id::text, ${PRODUCT_DISPLAY_NAME} AS title, p.slug, s.name AS shop_name, oi.quantity, oi.unit_price_cents, oi.discount_cents
      FROM order_items oi
      JOIN listings l ON l.id = oi.listing_id
      JOIN products p ON p.id = l.product_id
      JOIN shops s ON s.id = l.shop_id
     WHERE oi.order_id = ${orderId}::uuid
     ORDER BY title, oi.listing_id`,
  );
  return items.map((item) => ({
    listingId: item.listing_id,
    productTitle: item.title,
    productSlug: item.slug,
    shopName: item.shop_name,
    quantity: item.quantity,
    unitPriceCents: item.unit_price_cents,
    discountCents: item.discount_cents,
  }));
}

/** The captured payment if there is one, else the newest attempt. */
export async function latestPayment(tx: Tx, orderId: string): Promise<OrderPaymentView | null> {
  const paymentRow = z.object({
    status: paymentStatus,
    provider_ref: col.nullableText,
    amount_cents: col.int,
    refunded_cents: col.int,
    card_brand: col.nullableText,
    card_last4: col.nullableText,
    captured_at: col.nullableTime,
    refunded_at: col.nullableTime,
  });
  const rows = await sqlRows(
    tx,
    paymentRow,
    Prisma.sql`
    SELECT status::text AS status, provider_ref, amount_cents, refunded_cents, card_brand, card_last4, captured_at, refunded_at
      FROM payments
     WHERE order_id = ${orderId}::uuid
     ORDER BY (captured_at IS NOT NULL) DESC, created_at DESC LIMIT 1`,
  );
  const row = rows[0];
  return row
    ? {
        status: row.status,
        intentId: row.provider_ref,
        amountCents: row.amount_cents,
        refundedCents: row.refunded_cents,
        cardBrand: row.card_brand,
        cardLast4: row.card_last4,
        capturedAt: row.captured_at,
        refundedAt: row.refunded_at,
      }
    : null;
}

/** The order's refunds, newest first, with the lines each gave back. */
export async function orderRefunds(tx: Tx, orderId: string): Promise<OrderRefundView[]> {
  const rows = await sqlRows(
    tx,
    z.object({
      id: col.text,
      amount_cents: col.int,
      status: z.enum(["PENDING", "SUCCEEDED", "FAILED"]),
      restock: col.bool,
      source: z.enum(["owner", "provider"]),
      reason: col.nullableText,
      created_at: col.time,
      lines: z.array(z.object({ order_item_id: z.string(), title: z.string(), quantity: z.number() })),
    }),
    Prisma.sql`
    SELECT r.id::text, r.amount_cents, r.status::text AS status, r.restock, r.source, r.reason, r.created_at,
           COALESCE((SELECT json_agg(json_build_object('order_item_id', oi.id::text, 'title', ${PRODUCT_DISPLAY_NAME}, 'quantity', ri.quantity) ORDER BY oi.id)
                       FROM refund_items ri
                       JOIN order_items oi ON oi.id = ri.order_item_id
                       JOIN listings l ON l.id = oi.listing_id
                       JOIN products p ON p.id = l.product_id
                      WHERE ri.refund_id = r.id), '[]'::json) AS lines
      FROM refunds r
     WHERE r.order_id = ${orderId}::uuid
     ORDER BY r.created_at DESC, r.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    amountCents: row.amount_cents,
    status: row.status,
    restock: row.restock,
    source: row.source,
    reason: row.reason,
    createdAt: row.created_at,
    lines: row.lines.map((line) => ({ orderItemId: line.order_item_id, productTitle: line.title, quantity: line.quantity })),
  }));
}
