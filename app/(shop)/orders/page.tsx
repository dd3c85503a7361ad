import type { Metadata } from "next";
import Link from "next/link";
import { OrderStatusBadge, PaymentDeadline } from "@/components/orders/order-status";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { formatMoney, pluralize } from "@/lib/format";
import { listOrders } from "@/lib/orders/order-queries";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Your orders" };
export const dynamic = "force-dynamic";

const dateFormat = new Intl.DateTimeFormat("en-IE", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

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
          <table className="table" data-testid="orders">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed (UTC)</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">Total</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <th scope="row">
                    <Link href={routes.order(order.id)}>#{order.id.slice(0, 8)}</Link>{" "}
                    <span className="muted">· {pluralize(order.itemCount, "item")}</span>
                  </th>
                  <td>{dateFormat.format(order.createdAt)}</td>
                  <td>
                    <OrderStatusBadge status={order.status} />
                    {order.status === "PENDING_PAYMENT" && order.paymentInProgress ? <span className="muted"> · waiting for your bank</span> : null}
                    {order.status === "PENDING_PAYMENT" && !order.paymentInProgress && order.paymentFailure ? (
                      <span className="muted"> · payment did not go through</span>
                    ) : null}
                    {order.status === "PENDING_PAYMENT" && !order.paymentInProgress ? (
                      <span className="muted">
                        {" "}
                        · <PaymentDeadline deadline={order.paymentDeadline.toISOString()} serverNow={now.toISOString()} />
                      </span>
                    ) : null}
                  </td>
                  <td className="numeric">{formatMoney(order.totalCents, order.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
