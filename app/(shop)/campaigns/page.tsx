import type { Metadata } from "next";
import Link from "next/link";
import { CouponList } from "@/components/discounts/coupon-list";
import { describeCouponScope, describeCouponTerms } from "@/components/discounts/describe";
import { PhaseBadge } from "@/components/discounts/phase-badge";
import { ProgressBar } from "@/components/discounts/progress-bar";
import { getCurrentUser } from "@/lib/auth/session";
import { listCustomerCoupons, listOpenCampaigns } from "@/lib/coupons/queries";
import { db } from "@/lib/db/client";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Coupons" };
export const dynamic = "force-dynamic";

export default async function CampaignsPage() {
  const viewer = await getCurrentUser();
  const [campaigns, coupons] = await Promise.all([listOpenCampaigns(db()), viewer ? listCustomerCoupons(db(), viewer.id) : []]);
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="eyebrow">Coupons</p>
          <h1>First come, first served</h1>
        </div>
      </div>
      {viewer ? (
        <section className="stack" aria-labelledby="yours-title">
          <h2 id="yours-title">Your coupons</h2>
          {coupons.length > 0 ? (
            <CouponList coupons={coupons} />
          ) : (
            <p className="muted">You have not won a coupon yet. Claim one below while they last.</p>
          )}
        </section>
      ) : null}
      <section className="stack" aria-labelledby="open-title">
        <h2 id="open-title">Campaigns</h2>
        {campaigns.length > 0 ? (
          <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
            {campaigns.map((campaign) => (
              <li key={campaign.id} className="card">
                <h3>
                  <Link href={routes.campaign(campaign.id)}>{campaign.name}</Link>{" "}
                  <PhaseBadge phase={campaign.phase} left={campaign.left} />
                </h3>
                <p>
                  {describeCouponTerms(campaign)} {describeCouponScope(campaign)}
                </p>
                <ProgressBar value={campaign.issued} max={campaign.limit} label={`${campaign.left} of ${campaign.limit} left`} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No campaigns are running right now.</p>
        )}
      </section>
    </div>
  );
}
