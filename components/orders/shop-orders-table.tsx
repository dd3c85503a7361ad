import Link from "next/link";
import { LocalClock } from "@/components/cart/hold-countdown";
import { OrderStatusBadge } from "@/components/orders/order-status";
import { formatMoney } from "@/lib/format";
import type { ShopOrderSummary } from "@/lib/orders/shop-orders";
import { routes } from "@/lib/routes";

/** The owner's orders: only their shop's items and what those come to. */
export function ShopOrdersTable({ orders }: { orders: ShopOrderSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="shop-orders">
        <caption className="visually-hidden">Orders with your shop&apos;s items, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Customer</th>
            <th scope="col">Your items</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Your total
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id} data-testid="shop-order" data-status={order.status}>
              <th scope="row" data-label="Order">
                <Link href={routes.dashboardOrder(order.id)}>#{order.id.slice(0, 8)}</Link>
              </th>
              <td data-label="Placed">
                <LocalClock iso={order.createdAt.toISOString()} withDay />
              </td>
              <td data-label="Customer">{order.customerName}</td>
              <td data-label="Your items">
                {order.items.map((item) => (item.quantity > 1 ? `${item.productTitle} × ${item.quantity}` : item.productTitle)).join(", ")}
              </td>
              <td data-label="Status">
                <OrderStatusBadge status={order.status} />
                {order.status === "PENDING_PAYMENT" && order.paymentFailure ? <span className="muted"> · payment failed</span> : null}
              </td>
              <td data-label="Your total" className="numeric">
                {formatMoney(order.shopTotalCents, order.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
