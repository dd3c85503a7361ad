import { LocalClock } from "@/components/cart/hold-countdown";
import { Badge } from "@/components/ui/badge";
import type { SaleWinner } from "@/lib/flash-sales/queries";
import { formatMoney } from "@/lib/format";

const STATUS = {
  CONSUMED: <Badge tone="success">Paid at the sale price</Badge>,
  CLAIMED: <Badge tone="accent">Checking out</Badge>,
  RELEASED: <Badge>Checkout failed: slot given back</Badge>,
} as const;

/** Every slot taken, in the order won; a released slot shows where it went back to the next buyer. */
export function SaleClaimsTable({ claims, currency }: { claims: SaleWinner[]; currency: string }) {
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="sale-claims">
        <caption className="visually-hidden">Slots taken, in order</caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              #
            </th>
            <th scope="col">Customer</th>
            <th scope="col">Taken at</th>
            <th scope="col" className="numeric">
              Discount
            </th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {claims.map((claim) => (
            <tr key={claim.position}>
              <td data-label="#" className="numeric">
                {claim.position}
              </td>
              <th scope="row" data-label="Customer">
                {claim.customerName}
              </th>
              <td data-label="Taken at">
                <LocalClock iso={claim.claimedAt} withDay />
              </td>
              <td data-label="Discount" className="numeric">
                {formatMoney(claim.discountCents, currency)}
              </td>
              <td data-label="Outcome">{STATUS[claim.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
