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

/**
 * An order's lines with their totals; `totalLabel` names the footer (the order's, or one shop's).
 * On a phone each line becomes a card of "label value" lines (.table--stack), so no price is cut off.
 */
export function OrderItemsTable({ items, currency, totalCents, totalLabel = "Total" }: { items: OrderItemRow[]; currency: string; totalCents: number; totalLabel?: string }) {
  const discounted = items.some((item) => (item.discountCents ?? 0) > 0);
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="order-items">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="numeric">Quantity</th>
            <th scope="col" className="numeric">Unit price</th>
            {discounted ? <th scope="col" className="numeric">Discount</th> : null}
            <th scope="col" className="numeric">Total</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.listingId}>
              <th scope="row" data-label="">
                {item.productSlug ? <Link href={routes.product(item.productSlug)}>{item.productTitle}</Link> : item.productTitle}
                {item.shopName ? <span className="muted"> · {item.shopName}</span> : null}
              </th>
              <td className="numeric" data-label="Quantity">{item.quantity}</td>
              <td className="numeric" data-label="Unit price">{formatMoney(item.unitPriceCents, currency)}</td>
              {discounted ? <td className="numeric" data-label="Discount">{item.discountCents ? `−${formatMoney(item.discountCents, currency)}` : "—"}</td> : null}
              <td className="numeric" data-label="Total">{formatMoney(item.unitPriceCents * item.quantity - (item.discountCents ?? 0), currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className={styles.foot}>
          <tr className={styles.footRow}>
            <th scope="row" colSpan={3} data-label="">
              {totalLabel}
            </th>
            {discounted ? <td data-label="" /> : null}
            <td className="numeric" data-label="" data-testid="order-total">
              {formatMoney(totalCents, currency)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
