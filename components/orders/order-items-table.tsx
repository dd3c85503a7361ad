import Link from "next/link";
import { formatMoney } from "@/lib/format";
import { routes } from "@/lib/routes";
import styles from "./orders.module.css";

export interface OrderItemRow {
  listingId: string;
  productTitle: string;
  /** Links the title to the product page when present. */
  productSlug?: string;
  /** Shown after the title (the customer's view: which shop sells it). */
  shopName?: string;
  quantity: number;
  unitPriceCents: number;
  discountCents?: number;
}

/** An order's lines with their totals; `totalLabel` names the footer (the order's, or one shop's). */
export function OrderItemsTable({ items, currency, totalCents, totalLabel = "Total" }: { items: OrderItemRow[]; currency: string; totalCents: number; totalLabel?: string }) {
  const discounted = items.some((item) => (item.discountCents ?? 0) > 0);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="order-items">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="numeric">Quantity</th>
            <th scope="col" className={`numeric ${styles.optional}`}>Unit price</th>
            {discounted ? <th scope="col" className="numeric">Discount</th> : null}
            <th scope="col" className="numeric">Total</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.listingId}>
              <th scope="row">
                {item.productSlug ? <Link href={routes.product(item.productSlug)}>{item.productTitle}</Link> : item.productTitle}
                {item.shopName ? <span className="muted"> · {item.shopName}</span> : null}
              </th>
              <td className="numeric">{item.quantity}</td>
              <td className={`numeric ${styles.optional}`}>{formatMoney(item.unitPriceCents, currency)}</td>
              {discounted ? <td className="numeric">{item.discountCents ? `−${formatMoney(item.discountCents, currency)}` : "—"}</td> : null}
              <td className="numeric">{formatMoney(item.unitPriceCents * item.quantity - (item.discountCents ?? 0), currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {totalLabel}
            </th>
            <td className={styles.optional} />
            {discounted ? <td /> : null}
            <td className="numeric" data-testid="order-total">
              {formatMoney(totalCents, currency)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
