import styles from "@/components/checkout/checkout.module.css";
import { Badge } from "@/components/ui/badge";
import type { CartView } from "@/lib/cart/cart-view";
import { formatMoney, pluralize } from "@/lib/format";

function reservedBadge(line: CartView["lines"][number]) {
  if (line.status === "reserved") return <Badge tone="success">Reserved for you</Badge>;
  if (line.status === "partial") return <Badge tone="warning">{`${line.held} of ${line.quantity} reserved`}</Badge>;
  return <Badge tone="warning">Not reserved yet</Badge>;
}

/** What the customer is about to pay for: lines, whether each is reserved, and the total. */
export function OrderSummary({ cart, deadlineNote }: { cart: CartView; deadlineNote: string }) {
  const unreserved = cart.lines.some((line) => line.status !== "reserved");
  return (
    <aside className={styles.summary} aria-labelledby="summary-title" data-testid="order-summary">
      <h2 id="summary-title">Your order</h2>
      <ul className={styles.lines}>
        {cart.lines.map((line) => (
          <li key={line.id} className={styles.line}>
            <span className={styles.lineTitle}>
              {line.productTitle}
              {line.quantity > 1 ? <span className="muted"> × {line.quantity}</span> : null}
            </span>
            <span className={styles.amount}>{formatMoney(line.unitPriceCents * line.quantity, line.currency)}</span>
            <span className={styles.lineMeta}>
              {line.shopName} {reservedBadge(line)}
            </span>
          </li>
        ))}
      </ul>
      <p className={styles.total}>
        <span>
          Total <span className="muted">({pluralize(cart.itemCount, "item")})</span>
        </span>
        <span className={styles.amount} data-testid="checkout-total">
          {formatMoney(cart.subtotalCents, cart.currency)}
        </span>
      </p>
      {unreserved ? <p className={styles.note}>Items not reserved now are reserved again when you pay, if they are still there.</p> : null}
      <p className={styles.note}>{deadlineNote}</p>
    </aside>
  );
}
