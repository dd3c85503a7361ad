import Link from "next/link";
import { LocalClock } from "@/components/cart/hold-countdown";
import { describeCouponTerms } from "@/components/discounts/describe";
import { PhaseBadge } from "@/components/discounts/phase-badge";
import { ProgressBar } from "@/components/discounts/progress-bar";
import type { OwnerCampaign } from "@/lib/coupons/queries";
import { routes } from "@/lib/routes";

/** The shop's coupon campaigns: coupons issued of N, and how many were used on paid orders. */
export function CampaignsTable({ campaigns }: { campaigns: OwnerCampaign[] }) {
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="campaigns-table">
        <caption className="visually-hidden">Your coupon campaigns</caption>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Discount</th>
            <th scope="col">Valid until</th>
            <th scope="col">Claimed</th>
            <th scope="col" className="numeric">
              Redeemed
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((campaign) => (
            <tr key={campaign.id}>
              <th scope="row" data-label="">
                <Link href={routes.dashboardCampaign(campaign.id)}>{campaign.name}</Link>
              </th>
              <td data-label="Discount">
                {describeCouponTerms(campaign)}
                {campaign.scope ? <span className="muted"> · {campaign.scope.title}</span> : null}
              </td>
              <td data-label="Valid until">{campaign.endsAt ? <LocalClock iso={campaign.endsAt} withDay /> : "No end"}</td>
              <td data-label="Claimed">
                <ProgressBar value={campaign.issued} max={campaign.limit} label={`${campaign.issued} of ${campaign.limit} claimed`} />
              </td>
              <td data-label="Redeemed" className="numeric">
                {campaign.redeemed}
              </td>
              <td data-label="Status">
                <PhaseBadge phase={campaign.phase} left={campaign.left} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
