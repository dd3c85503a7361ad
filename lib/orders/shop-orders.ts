// Orders as a shop owner sees them: only orders that contain the shop's listings, and of
// those only the shop's own lines and their total (another shop's items in the same order
// are none of its business). The shop comes from the session, never from the request.
import { z } from "zod";
import { readFailure, type CheckoutFailure } from "@/lib/checkout/failures";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { env } from "@/lib/env";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";
import {
  latestPayment,
  orderRefunds,
  orderStatus,
  shippingAddress,
  type OrderPaymentView,
  type OrderRefundView,
  type OrderStatus,
} from "@/lib/orders/order-queries";
import type { ShippingAddress } from "@/lib/orders/place-order";
import { loadCheckoutAttempts, type CheckoutAttempt } from "@/lib/orders/saga-timeline";

export interface ShopOrderItem {
  orderItemId: string;
  listingId: string;
  /** The product with its variant: "Title (Variant)". */
  productTitle: string;
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  /** Units already given back by refunds (asked for or done). */
  refundedQuantity: number;
}

export interface ShopOrderSummary {
  id: string;
  status: OrderStatus;
  customerName: string;
  /** The shop's lines only, after their discounts. */
  shopTotalCents: number;
  currency: string;
  items: ShopOrderItem[];
  createdAt: Date;
  paymentFailure: CheckoutFailure | null;
}

export interface ShopOrderDetail extends ShopOrderSummary {
  paidAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  paymentDeadline: Date;
  /** Where to send the shop's items. */
  shippingAddress: ShippingAddress | null;
  attempts: CheckoutAttempt[];
  /** The payment that paid the order (what refunds come out of), or the newest attempt. */
  payment: OrderPaymentView | null;
  /** Refunds of the shop's lines, and those made in the provider's dashboard (which name no lines). */
  refunds: OrderRefundView[];
}

export interface ShopSalesToday {
  revenueCents: number;
  paidOrders: number;
  currency: string;
  /** Midnight of today in the shop's time zone, and that zone (for the label). */
  since: Date;
  timeZone: string;
}

const summaryRow = z.object({
  id: col.text,
  status: orderStatus,
  customer_name: col.text,
  shop_total_cents: col.int,
  currency: col.text,
  items: z.array(
    z.object({
      orderItemId: z.string(),
      listingId: z.string(),
      productTitle: z.string(),
      quantity: z.number(),
      unitPriceCents: z.number(),
      discountCents: z.number(),
      refundedQuantity: z.number(),
    }),
  ),
  created_at: col.time,
  payment_failure_code: col.nullableText,
  payment_failure_detail: col.json,
});
type SummaryRow = z.infer<typeof summaryRow>;

// One row per order with the shop's lines gathered; `extra` adds columns for the detail view.
const shopOrdersSql = (shopId: string, where: Prisma.Sql, extra: Prisma.Sql = Prisma.empty) => Prisma.sql`
  SELECT o.id::text, o.status::text AS status, u.name AS customer_name, o.currency, o.created_at,
         o.payment_failure_code, o.payment_failure_detail,
         SUM(oi.quantity * oi.unit_price_cents - oi.discount_cents)::int AS shop_total_cents,
         json_agg(json_build_object('orderItemId', oi.id::text, 'listingId', l.id::text, 'productTitle', ${PRODUCT_DISPLAY_NAME},
                                    'quantity', oi.quantity, 'unitPriceCents', oi.unit_price_cents, 'discountCents', oi.discount_cents,
                                    'refundedQuantity', (SELECT COALESCE(SUM(ri.quantity), 0) FROM refund_items ri JOIN refunds r ON r.id = ri.refund_id
                                                          WHERE ri.order_item_id = oi.id AND r.status <> 'FAILED'))
                  ORDER BY ${PRODUCT_DISPLAY_NAME}, l.id) AS items
         ${extra}
    FROM orders o
    JOIN users u ON u.id = o.user_id
    JOIN order_items oi ON oi.order_id = o.id
    JOIN listings l ON l.id = oi.listing_id AND l.shop_id = ${shopId}::uuid
    JOIN products p ON p.id = l.product_id
   WHERE ${where}
   GROUP BY o.id, u.name`;

function toSummary(row: SummaryRow): ShopOrderSummary {
  return {
    id: row.id,
    status: row.status,
    customerName: row.customer_name,
    shopTotalCents: row.shop_total_cents,
    currency: row.currency,
    items: row.items,
    createdAt: row.created_at,
    paymentFailure: readFailure(row.payment_failure_code, row.payment_failure_detail),
  };
}

/** The shop's orders, newest first. */
export async function listShopOrders(tx: Tx, shopId: string, limit = 200): Promise<ShopOrderSummary[]> {
  const rows = await sqlRows(
    tx,
    summaryRow,
    Prisma.sql`
    ${shopOrdersSql(shopId, Prisma.sql`TRUE`)}
    ORDER BY o.created_at DESC
    LIMIT ${limit}`,
  );
  return rows.map(toSummary);
}

/** One order, if it contains the shop's listings; null otherwise (as if it did not exist). */
export async function getShopOrder(tx: Tx, shopId: string, orderId: string): Promise<ShopOrderDetail | null> {
  const detailRow = summaryRow.extend({
    paid_at: col.nullableTime,
    cancelled_at: col.nullableTime,
    cancel_reason: col.nullableText,
    payment_deadline: col.time,
    shipping_address: shippingAddress.nullable(),
  });
  const rows = await sqlRows(
    tx,
    detailRow,
    shopOrdersSql(
      shopId,
      Prisma.sql`o.id = ${orderId}::uuid`,
      Prisma.sql`, o.paid_at, o.cancelled_at, o.cancel_reason, o.payment_deadline, o.shipping_address`,
    ),
  );
  const row = rows[0];
  if (!row) return null;
  const shopItems = new Set(row.items.map((item) => item.orderItemId));
  const [attempts, payment, refunds] = await Promise.all([
    loadCheckoutAttempts(tx, orderId),
    latestPayment(tx, orderId),
    orderRefunds(tx, orderId),
  ]);
  return {
    ...toSummary(row),
    paidAt: row.paid_at,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
    paymentDeadline: row.payment_deadline,
    shippingAddress: row.shipping_address,
    attempts,
    payment,
    refunds: refunds.filter((refund) => refund.lines.length === 0 || refund.lines.some((line) => shopItems.has(line.orderItemId))),
  };
}

/**
 * The shop's paid items since midnight in `timeZone` (SHOP_TIME_ZONE), counted by when the
 * order was paid. The day is cut on the database's clock, like every other time here.
 */
export async function shopSalesToday(tx: Tx, shopId: string, timeZone = env().SHOP_TIME_ZONE): Promise<ShopSalesToday> {
  const rows = await sqlRows(
    tx,
    z.object({ revenue: col.int, orders: col.int, currency: col.nullableText, since: col.time }),
    Prisma.sql`
    SELECT COALESCE(SUM(oi.quantity * oi.unit_price_cents - oi.discount_cents), 0)::int AS revenue,
           COUNT(DISTINCT o.id)::int AS orders, MIN(o.currency) AS currency,
           date_trunc('day', now(), ${timeZone}) AS since
      FROM orders o
      JOIN order_items oi ON oi.order_id = o.id
      JOIN listings l ON l.id = oi.listing_id
     WHERE l.shop_id = ${shopId}::uuid AND o.status = 'PAID' AND o.paid_at >= date_trunc('day', now(), ${timeZone})`,
  );
  const row = rows[0];
  return {
    revenueCents: row?.revenue ?? 0,
    paidOrders: row?.orders ?? 0,
    currency: row?.currency ?? "EUR",
    since: row?.since ?? new Date(),
    timeZone,
  };
}
