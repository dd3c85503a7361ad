import type { Metadata } from "next";
import Link from "next/link";
import { LocalClock } from "@/components/cart/hold-countdown";
import { OrderStatusBadge, PaymentDeadline } from "@/components/orders/order-status";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formatMoney, pluralize } from "@/lib/format";
import { listOrders } from "@/lib/orders/order-queries";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Your orders" };
export const dynamic = "force-dynamic";

export default async function OrdersPage() {
  const user = await requireUser(routes.orders);
  const { orders, now } = await listOrders(db(), user.id);

  return (
    <div className="stack">
      <div className="page-header">
        <h1>Your orders</h1>
      </div>
      {orders.length === 0 ? (
        <div className="empty-state">
          <h2>No orders yet</h2>
          <Link href={routes.catalogue} className="button button--primary">
            Browse the catalogue
          </Link>
        </div>
      ) : (
        <div className="table-wrap">
          {/* On a phone each order becomes a card (.table--stack), so the total is never cut off. */}
          <table className="table table--stack" data-testid="orders">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <th scope="row" data-label="">
                    <Link href={routes.order(order.id)}>#{order.id.slice(0, 8)}</Link>{" "}
                    <span className="muted">· {pluralize(order.itemCount, "item")}</span>
                  </th>
                  <td data-label="Placed">
                    <LocalClock iso={order.createdAt.toISOString()} withDay />
                  </td>
                  <td data-label="Status">
                    {/* One flex item beside the label when the row is a card. */}
                    <span>
                      <OrderStatusBadge status={order.status} />
                      {order.status === "PENDING_PAYMENT" && order.paymentInProgress ? (
                        <span className="muted"> · waiting for your bank</span>
                      ) : null}
                      {order.status === "PENDING_PAYMENT" && !order.paymentInProgress && order.paymentFailure ? (
                        <span className="muted"> · payment did not go through</span>
                      ) : null}
                      {order.status === "PENDING_PAYMENT" && !order.paymentInProgress ? (
                        <span className="muted">
                          {" "}
                          · <PaymentDeadline deadline={order.paymentDeadline.toISOString()} serverNow={now.toISOString()} />
                        </span>
                      ) : null}
                    </span>
                  </td>
                  <td className="numeric" data-label="Total">
                    {formatMoney(order.totalCents, order.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
