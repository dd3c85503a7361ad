import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/cart/cart.module.css";
import { PlaceOrderForm } from "@/components/cart/place-order-form";
import { requireUser } from "@/lib/auth/session";
import { getCartView } from "@/lib/cart/cart-view";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { formatMoney, pluralize } from "@/lib/format";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Checkout" };
export const dynamic = "force-dynamic";

function describeDuration(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 1) return pluralize(Math.round(hours), "hour");
  return pluralize(Math.max(1, Math.round(ms / 60_000)), "minute");
}

export default async function CheckoutPage() {
  const user = await requireUser(routes.checkout);
  const cart = await getCartView(db(), user.id);
  if (cart.lines.length === 0) {
    return (
      <div className="empty-state">
        <h1>Nothing to check out</h1>
        <p>Your cart is empty.</p>
        <Link href={routes.catalogue} className="button button--primary">
          Browse the catalogue
        </Link>
      </div>
    );
  }

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Review your order</h1>
          <p className="muted">
            Placing the order keeps everything reserved for you for {describeDuration(env().ORDER_PAYMENT_TTL)} while you pay.
          </p>
        </div>
      </div>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="numeric">Quantity</th>
              <th scope="col">Reserved</th>
              <th scope="col" className="numeric">Price</th>
            </tr>
          </thead>
          <tbody>
            {cart.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">
                  {line.productTitle} <span className="muted">· {line.shopName}</span>
                </th>
                <td className="numeric">{line.quantity}</td>
                <td>{line.status === "reserved" ? "Yes" : line.status === "partial" ? `${line.held} of ${line.quantity}` : "Not yet"}</td>
                <td className="numeric">{formatMoney(line.unitPriceCents * line.quantity, line.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={styles.total}>
        Total {formatMoney(cart.subtotalCents, cart.currency)} <span className="muted">({pluralize(cart.itemCount, "item")})</span>
      </p>
      {/* A fresh key for every render of this page: one order per submission of it. */}
      <PlaceOrderForm idempotencyKey={crypto.randomUUID()} />
    </div>
  );
}
