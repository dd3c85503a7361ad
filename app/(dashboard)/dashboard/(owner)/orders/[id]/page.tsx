import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LocalClock } from "@/components/cart/hold-countdown";
import { CheckoutTimeline } from "@/components/orders/checkout-timeline";
import { describeReason } from "@/components/orders/describe-reason";
import { OrderItemsTable } from "@/components/orders/order-items-table";
import { OrderStatusBadge } from "@/components/orders/order-status";
import { RefundForm } from "@/components/orders/refund-form";
import { RefundList } from "@/components/orders/refund-list";
import { ShippingDetails } from "@/components/orders/shipping-details";
import { checkoutFailureMessage } from "@/lib/actions/messages";
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
  const refundKey = crypto.randomUUID();
  const why =
    order.status === "CANCELLED" && order.cancelReason
      ? `Cancelled: ${describeReason(order.cancelReason)}`
      : order.status === "PENDING_PAYMENT" && order.paymentFailure
        ? `Last payment attempt failed: ${checkoutFailureMessage(order.paymentFailure, "owner")}`
        : null;

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
          {why}
        </p>
      ) : null}
      <OrderItemsTable items={order.items} currency={order.currency} totalCents={order.shopTotalCents} totalLabel="Your shop's total" />
      {order.status === "PAID" ? <ShippingDetails address={order.shippingAddress} /> : null}
      <RefundList refunds={order.refunds} currency={order.currency} audience="owner" />
      {order.status === "PAID" ? (
        // A fresh key per render: each refund from this page is one submission.
        <RefundForm
          key={refundKey}
          orderId={order.id}
          idempotencyKey={refundKey}
          currency={order.currency}
          lines={order.items.map((item) => ({
            orderItemId: item.orderItemId,
            productTitle: item.productTitle,
            quantity: item.quantity,
            refundedQuantity: item.refundedQuantity,
            dueCents: item.quantity * item.unitPriceCents - item.discountCents,
          }))}
        />
      ) : null}
      <CheckoutTimeline attempts={order.attempts} audience="owner" />
    </div>
  );
}
