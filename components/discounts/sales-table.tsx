import Link from "next/link";
import { LocalClock } from "@/components/cart/hold-countdown";
import { describeSaleDiscount } from "@/components/discounts/describe";
import { PhaseBadge } from "@/components/discounts/phase-badge";
import { ProgressBar } from "@/components/discounts/progress-bar";
import type { OwnerSale } from "@/lib/flash-sales/queries";
import { routes } from "@/lib/routes";

/** The shop's flash sales with their progress: slots taken of K, and how many became paid orders. */
export function SalesTable({ sales }: { sales: OwnerSale[] }) {
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="sales-table">
        <caption className="visually-hidden">Your flash sales</caption>
        <thead>
          <tr>
            <th scope="col">Listing</th>
            <th scope="col">Discount</th>
            <th scope="col">Window</th>
            <th scope="col">Taken</th>
            <th scope="col" className="numeric">
              Sold at sale price
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {sales.map((sale) => (
            <tr key={sale.saleId}>
              <th scope="row" data-label="">
                <Link href={routes.dashboardSale(sale.saleId)}>{sale.title}</Link>
              </th>
              <td data-label="Discount">{describeSaleDiscount(sale.discount, sale.currency)}</td>
              <td data-label="Window">
                <LocalClock iso={sale.startsAt} withDay /> – <LocalClock iso={sale.endsAt} withDay />
              </td>
              <td data-label="Taken">
                <ProgressBar value={sale.claimed} max={sale.slots} label={`${sale.claimed} of ${sale.slots} taken`} />
              </td>
              <td data-label="Sold at sale price" className="numeric">
                {sale.consumed}
              </td>
              <td data-label="Status">
                <PhaseBadge phase={sale.phase} left={sale.left} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
