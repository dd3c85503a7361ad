import Link from "next/link";
import styles from "@/components/orders/orders.module.css";
import { formatMoney } from "@/lib/format";
import { routes } from "@/lib/routes";

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

/** A row of the table's foot: its label across the item columns, the amount under "Total". */
function FootRow({ label, amount, discounted, testId }: { label: string; amount: string; discounted: boolean; testId: string }) {
  return (
    <tr className={styles.footRow}>
      <th scope="row" colSpan={3} data-label="">
        {label}
      </th>
      {discounted ? <td data-label="" /> : null}
      <td className="numeric" data-label="" data-testid={testId}>
        {amount}
      </td>
    </tr>
  );
}

/**
 * An order's lines with their totals; `totalLabel` names the footer (the order's, or one shop's).
 * With discounts, each line shows its own and the foot adds up: subtotal (quantity × unit
 * price over the lines), the discounts, and the total. The subtotal and discount default to
 * the sums over `items`; the customer's page passes the order's own figures.
 * On a phone each line becomes a card of "label value" lines (.table--stack), so no price is cut off.
 */
export function OrderItemsTable({
  items,
  currency,
  totalCents,
  totalLabel = "Total",
  subtotalCents = items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0),
  discountCents = items.reduce((sum, item) => sum + (item.discountCents ?? 0), 0),
}: {
  items: OrderItemRow[];
  currency: string;
  totalCents: number;
  totalLabel?: string;
  subtotalCents?: number;
  discountCents?: number;
}) {
  const discounted = discountCents > 0 || items.some((item) => (item.discountCents ?? 0) > 0);
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="order-items">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="numeric">
              Quantity
            </th>
            <th scope="col" className="numeric">
              Unit price
            </th>
            {discounted ? (
              <th scope="col" className="numeric">
                Discount
              </th>
            ) : null}
            <th scope="col" className="numeric">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.listingId}>
              <th scope="row" data-label="">
                {item.productSlug ? <Link href={routes.product(item.productSlug)}>{item.productTitle}</Link> : item.productTitle}
                {item.shopName ? <span className="muted"> · {item.shopName}</span> : null}
              </th>
              <td className="numeric" data-label="Quantity">
                {item.quantity}
              </td>
              <td className="numeric" data-label="Unit price">
                {formatMoney(item.unitPriceCents, currency)}
              </td>
              {discounted ? (
                <td className="numeric" data-label="Discount">
                  {item.discountCents ? `−${formatMoney(item.discountCents, currency)}` : "—"}
                </td>
              ) : null}
              <td className="numeric" data-label="Total">
                {formatMoney(item.unitPriceCents * item.quantity - (item.discountCents ?? 0), currency)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot className={styles.foot}>
          {discounted ? (
            <>
              <FootRow label="Subtotal" amount={formatMoney(subtotalCents, currency)} discounted testId="order-subtotal" />
              <FootRow label="Discount" amount={`−${formatMoney(discountCents, currency)}`} discounted testId="order-discount" />
            </>
          ) : null}
          <FootRow label={totalLabel} amount={formatMoney(totalCents, currency)} discounted={discounted} testId="order-total" />
        </tfoot>
      </table>
    </div>
  );
}
