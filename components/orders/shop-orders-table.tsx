import Link from "next/link";
import { LocalClock } from "@/components/cart/hold-countdown";
import { formatMoney } from "@/lib/format";
import type { ShopOrderSummary } from "@/lib/orders/shop-orders";
import { routes } from "@/lib/routes";
import { OrderStatusBadge } from "./order-status";

/** The owner's orders: only their shop's items and what those come to. */
export function ShopOrdersTable({ orders }: { orders: ShopOrderSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="shop-orders">
        <caption className="visually-hidden">Orders with your shop&apos;s items, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Customer</th>
            <th scope="col">Your items</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">Your total</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id} data-testid="shop-order" data-status={order.status}>
              <th scope="row">
                <Link href={routes.dashboardOrder(order.id)}>#{order.id.slice(0, 8)}</Link>
              </th>
              <td>
                <LocalClock iso={order.createdAt.toISOString()} withDay />
              </td>
              <td>{order.customerName}</td>
              <td>{order.items.map((item) => (item.quantity > 1 ? `${item.productTitle} × ${item.quantity}` : item.productTitle)).join(", ")}</td>
              <td>
                <OrderStatusBadge status={order.status} />
                {order.status === "PENDING_PAYMENT" && order.paymentFailure ? <span className="muted"> · payment failed</span> : null}
              </td>
              <td className="numeric">{formatMoney(order.shopTotalCents, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
