import { LocalClock } from "@/components/cart/hold-countdown";
import styles from "@/components/orders/orders.module.css";
import { Badge } from "@/components/ui/badge";
import { formatMoney } from "@/lib/format";
import type { OrderRefundView } from "@/lib/orders/order-queries";

const STATUS = {
  PENDING: { text: "On its way", tone: "warning" },
  SUCCEEDED: { text: "Refunded", tone: "success" },
  FAILED: { text: "Did not go through", tone: "danger" },
} as const;

/** An order's refunds, newest first: how much, when, for which items, and whether they went back on sale (for the owner). */
export function RefundList({
  refunds,
  currency,
  audience,
}: {
  refunds: OrderRefundView[];
  currency: string;
  audience: "customer" | "owner";
}) {
  if (refunds.length === 0) return null;
  return (
    <section className="card" aria-labelledby="refunds-title" data-testid="refunds">
      <h2 id="refunds-title">Refunds</h2>
      <ul className={styles.refunds}>
        {refunds.map((refund) => (
          <li key={refund.id} data-testid="refund" data-status={refund.status}>
            <div className={styles.refundHead}>
              <strong>{formatMoney(refund.amountCents, currency)}</strong>
              <Badge tone={STATUS[refund.status].tone}>{STATUS[refund.status].text}</Badge>
              <span className="muted">
                <LocalClock iso={refund.createdAt.toISOString()} withDay />
              </span>
            </div>
            <p className="muted">
              {refund.lines.length > 0
                ? refund.lines.map((line) => `${line.quantity} × ${line.productTitle}`).join(", ")
                : refund.source === "provider"
                  ? audience === "owner"
                    ? "Made in the payment provider's dashboard."
                    : "Refunded by the shop."
                  : null}
              {audience === "owner" && refund.lines.length > 0 ? (refund.restock ? " · back on sale" : " · not restocked") : null}
              {audience === "owner" && refund.reason ? ` · ${refund.reason}` : null}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
