import { LocalClock } from "@/components/cart/hold-countdown";
import { Badge } from "@/components/ui/badge";
import type { CampaignWinner } from "@/lib/coupons/queries";
import { formatMoney } from "@/lib/format";

function Redemption({ winner }: { winner: CampaignWinner }) {
  const used = winner.redemption;
  if (!used) return <Badge>Not used yet</Badge>;
  if (used.orderStatus === "PAID") return <Badge tone="success">Used: {formatMoney(used.discountCents)} off a paid order</Badge>;
  return <Badge tone="accent">In a checkout under way</Badge>;
}

/** The winners in the order they won (#1 first), and whether each coupon has been used. Codes stay private. */
export function CampaignWinnersTable({ winners }: { winners: CampaignWinner[] }) {
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="campaign-winners">
        <caption className="visually-hidden">Winners, in the order they won</caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              #
            </th>
            <th scope="col">Customer</th>
            <th scope="col">Won at</th>
            <th scope="col">Redemption</th>
          </tr>
        </thead>
        <tbody>
          {winners.map((winner) => (
            <tr key={winner.sequence}>
              <td data-label="#" className="numeric">
                {winner.sequence}
              </td>
              <th scope="row" data-label="Customer">
                {winner.customerName}
              </th>
              <td data-label="Won at">
                <LocalClock iso={winner.wonAt} withDay />
              </td>
              <td data-label="Redemption">
                <Redemption winner={winner} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
