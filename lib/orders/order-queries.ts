// Orders as the customer sees them. Times come with the database's `now` for countdowns.
import { Prisma, type Tx } from "../prisma";

export type OrderStatus = "PENDING_PAYMENT" | "PAID" | "CANCELLED";

export interface OrderSummary {
  id: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  itemCount: number;
  createdAt: Date;
  paymentDeadline: Date;
}

export interface OrderItemView {
  listingId: string;
  productTitle: string;
  productSlug: string;
  shopName: string;
  quantity: number;
  unitPriceCents: number;
}

export interface OrderDetail extends OrderSummary {
  subtotalCents: number;
  discountCents: number;
  paidAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  items: OrderItemView[];
  now: Date;
}

interface SummaryRow {
  id: string;
  status: OrderStatus;
  total_cents: number;
  currency: string;
  item_count: number;
  created_at: Date;
  payment_deadline: Date;
}

function toSummary(row: SummaryRow): OrderSummary {
  return {
    id: row.id,
    status: row.status,
    totalCents: row.total_cents,
    currency: row.currency,
    itemCount: row.item_count,
    createdAt: row.created_at,
    paymentDeadline: row.payment_deadline,
  };
}

export async function listOrders(tx: Tx, userId: string): Promise<{ orders: OrderSummary[]; now: Date }> {
  const rows = await tx.$queryRaw<(SummaryRow & { now: Date })[]>(Prisma.sql`
    SELECT o.id::text, o.status::text AS status, o.total_cents, o.currency,
           COALESCE((SELECT SUM(quantity) FROM order_items WHERE order_id = o.id), 0)::int AS item_count,
           o.created_at, o.payment_deadline, now() AS now
      FROM orders o
     WHERE o.user_id = ${userId}::uuid
     ORDER BY o.created_at DESC
     LIMIT 100`);
  const now = rows[0]?.now ?? (await tx.$queryRaw<{ now: Date }[]>(Prisma.sql`SELECT now() AS now`))[0]?.now ?? new Date();
  return { orders: rows.map(toSummary), now };
}

/** One of the customer's own orders; null for someone else's or a missing one. */
export async function getOrder(tx: Tx, userId: string, orderId: string): Promise<OrderDetail | null> {
  const rows = await tx.$queryRaw<
    (SummaryRow & {
      subtotal_cents: number;
      discount_cents: number;
      paid_at: Date | null;
      cancelled_at: Date | null;
      cancel_reason: string | null;
      now: Date;
    })[]
  >(Prisma.sql`
    SELECT o.id::text, o.status::text AS status, o.total_cents, o.subtotal_cents, o.discount_cents, o.currency,
           COALESCE((SELECT SUM(quantity) FROM order_items WHERE order_id = o.id), 0)::int AS item_count,
           o.created_at, o.payment_deadline, o.paid_at, o.cancelled_at, o.cancel_reason, now() AS now
      FROM orders o
     WHERE o.id = ${orderId}::uuid AND o.user_id = ${userId}::uuid`);
  const row = rows[0];
  if (!row) return null;
  const items = await tx.$queryRaw<
    { listing_id: string; title: string; slug: string; shop_name: string; quantity: number; unit_price_cents: number }[]
  >(Prisma.sql`
    SELECT oi.listing_id::text, p.title, p.slug, s.name AS shop_name, oi.quantity, oi.unit_price_cents
      FROM order_items oi
      JOIN listings l ON l.id = oi.listing_id
      JOIN products p ON p.id = l.product_id
      JOIN shops s ON s.id = l.shop_id
     WHERE oi.order_id = ${orderId}::uuid
     ORDER BY p.title`);
  return {
    ...toSummary(row),
    subtotalCents: row.subtotal_cents,
    discountCents: row.discount_cents,
    paidAt: row.paid_at,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
    items: items.map((item) => ({
      listingId: item.listing_id,
      productTitle: item.title,
      productSlug: item.slug,
      shopName: item.shop_name,
      quantity: item.quantity,
      unitPriceCents: item.unit_price_cents,
    })),
    now: row.now,
  };
}
