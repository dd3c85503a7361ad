import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LocalClock } from "@/components/cart/hold-countdown";
import { OrderStatusBadge, PaymentDeadline } from "@/components/orders/order-status";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { formatMoney } from "@/lib/format";
import { getOrder } from "@/lib/orders/order-queries";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Order" };
export const dynamic = "force-dynamic";

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(routes.order(id));
  // Someone else's order is a 404, not a peek.
  const order = z.uuid().safeParse(id).success ? await getOrder(db(), user.id, id) : null;
  if (!order) notFound();
  const deadline = order.paymentDeadline.toISOString();

  return (
    <div className="stack">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={routes.orders}>Orders</Link> / <span aria-current="page">#{order.id.slice(0, 8)}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>Order #{order.id.slice(0, 8)}</h1>
          <p>
            <OrderStatusBadge status={order.status} />
          </p>
        </div>
      </div>

      {order.status === "PENDING_PAYMENT" ? (
        <div className="card" data-testid="payment-note">
          <h2>Payment opens soon</h2>
          <p>
            Your items are reserved for you until <LocalClock iso={deadline} withDay /> (
            <PaymentDeadline deadline={deadline} serverNow={order.now.toISOString()} />
            ). Online payment is being switched on; an order not paid by then is cancelled and its items go back on sale.
          </p>
        </div>
      ) : null}
      {order.status === "CANCELLED" ? (
        <div className="card">
          <h2>This order was cancelled</h2>
          <p>{order.cancelReason ? `Reason: ${order.cancelReason}.` : null} Its items went back on sale; nothing was charged.</p>
        </div>
      ) : null}

      <div className="table-wrap">
        <table className="table" data-testid="order-items">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="numeric">Quantity</th>
              <th scope="col" className="numeric">Unit price</th>
              <th scope="col" className="numeric">Total</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.listingId}>
                <th scope="row">
                  <Link href={routes.product(item.productSlug)}>{item.productTitle}</Link>{" "}
                  <span className="muted">· {item.shopName}</span>
                </th>
                <td className="numeric">{item.quantity}</td>
                <td className="numeric">{formatMoney(item.unitPriceCents, order.currency)}</td>
                <td className="numeric">{formatMoney(item.unitPriceCents * item.quantity, order.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="numeric" data-testid="order-total">
                {formatMoney(order.totalCents, order.currency)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
