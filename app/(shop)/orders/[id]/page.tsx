import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LocalClock } from "@/components/cart/hold-countdown";
import { CheckoutTimeline } from "@/components/orders/checkout-timeline";
import { OrderItemsTable } from "@/components/orders/order-items-table";
import { OrderOutcome } from "@/components/orders/order-outcome";
import { OrderStatusBadge } from "@/components/orders/order-status";
import { RefundList } from "@/components/orders/refund-list";
import { ShippingDetails } from "@/components/orders/shipping-details";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getOrder } from "@/lib/orders/order-queries";
import { paymentCollector } from "@/lib/payments/collector";
import { nextAction } from "@/lib/payments/payments";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Order" };
export const dynamic = "force-dynamic";

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(routes.order(id));
  // Someone else's order is a 404, not a peek.
  const order = z.uuid().safeParse(id).success ? await getOrder(db(), user.id, id) : null;
  if (!order) notFound();
  // Waiting on the bank's check: ask the provider what the customer must do (a link, or Stripe.js).
  const waitsOnBank = order.paymentInProgress && order.payment?.status === "REQUIRES_ACTION" && order.payment.intentId;
  const bankCheck = waitsOnBank ? await nextAction(waitsOnBank) : null;

  return (
    // After a successful cancel its form is gone: focus goes to the order's heading, beside its new status.
    <div className="stack" data-focus-home="order-heading">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={routes.orders}>Orders</Link> / <span aria-current="page">#{order.id.slice(0, 8)}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1 id="order-heading" tabIndex={-1}>
            Order #{order.id.slice(0, 8)}
          </h1>
          <p className="muted">
            <OrderStatusBadge status={order.status} /> · placed <LocalClock iso={order.createdAt.toISOString()} withDay />
          </p>
        </div>
      </div>
      {/* A fresh key per render: each payment attempt from this page is one submission. */}
      <OrderOutcome order={order} payKey={crypto.randomUUID()} collector={paymentCollector()} bankCheck={bankCheck} />
      <RefundList refunds={order.refunds} currency={order.currency} audience="customer" />
      <OrderItemsTable
        items={order.items}
        currency={order.currency}
        subtotalCents={order.subtotalCents}
        discountCents={order.discountCents}
        totalCents={order.totalCents}
      />
      <ShippingDetails address={order.shippingAddress} contactEmail={order.contactEmail} />
      <CheckoutTimeline attempts={order.attempts} audience="customer" />
    </div>
  );
}
