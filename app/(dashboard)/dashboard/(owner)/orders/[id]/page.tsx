import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LocalClock } from "@/components/cart/hold-countdown";
import { CheckoutTimeline } from "@/components/orders/checkout-timeline";
import { describeReason } from "@/components/orders/describe-reason";
import { OrderItemsTable } from "@/components/orders/order-items-table";
import { OrderStatusBadge } from "@/components/orders/order-status";
import { ShippingDetails } from "@/components/orders/shipping-details";
import { requireShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getShopOrder } from "@/lib/orders/shop-orders";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Order" };
export const dynamic = "force-dynamic";

export default async function ShopOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const owner = await requireShopOwner(routes.dashboardOrder(id));
  // Scoped by the owner's shop: an order without its items is a 404, not a peek.
  const order = z.uuid().safeParse(id).success ? await getShopOrder(db(), owner.shop.id, id) : null;
  if (!order) notFound();
  const why = order.status === "CANCELLED" ? order.cancelReason : order.status === "PENDING_PAYMENT" ? order.paymentFailure : null;

  return (
    <div className="stack">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={routes.dashboardOrders}>Orders</Link> / <span aria-current="page">#{order.id.slice(0, 8)}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>Order #{order.id.slice(0, 8)}</h1>
          <p className="muted">
            <OrderStatusBadge status={order.status} /> · {order.customerName} · placed{" "}
            <LocalClock iso={order.createdAt.toISOString()} withDay />
            {order.paidAt ? (
              <>
                {" "}
                · paid <LocalClock iso={order.paidAt.toISOString()} withDay />
              </>
            ) : null}
          </p>
        </div>
      </div>
      {why ? (
        <p className="status status--error" data-testid="order-failure">
          {order.status === "CANCELLED" ? "Cancelled: " : "Last payment attempt failed: "}
          {describeReason(why)}
        </p>
      ) : null}
      <OrderItemsTable items={order.items} currency={order.currency} totalCents={order.shopTotalCents} totalLabel="Your shop's total" />
      {order.status === "PAID" ? <ShippingDetails address={order.shippingAddress} /> : null}
      <CheckoutTimeline attempts={order.attempts} audience="owner" />
    </div>
  );
}
