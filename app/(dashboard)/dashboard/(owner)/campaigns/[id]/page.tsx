import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LocalClock } from "@/components/cart/hold-countdown";
import styles from "@/components/dashboard/dashboard.module.css";
import { CampaignWinnersTable } from "@/components/discounts/campaign-winners-table";
import { describeCouponScope, describeCouponTerms } from "@/components/discounts/describe";
import { EndNowButton } from "@/components/discounts/end-now-button";
import { PhaseBadge } from "@/components/discounts/phase-badge";
import { ProgressBar } from "@/components/discounts/progress-bar";
import { DropStatsPanel } from "@/components/drops/drop-stats";
import { endCampaignAction } from "@/lib/actions/discounts";
import { requireShopOwner } from "@/lib/auth/session";
import { getShopCampaign } from "@/lib/coupons/queries";
import { db } from "@/lib/db/client";
import { getDropStats } from "@/lib/drops/queries";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Coupon campaign" };
export const dynamic = "force-dynamic";

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const owner = await requireShopOwner(routes.dashboardCampaign(id));
  const campaignId = z.uuid().safeParse(id);
  const campaign = campaignId.success ? await getShopCampaign(db(), owner.shop.id, campaignId.data) : null;
  if (!campaign) notFound();
  const dropStats = await getDropStats(db(), { shopId: owner.shop.id, campaignId: campaign.id });
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link href={routes.dashboardCampaigns}>Coupon campaigns</Link>
          </p>
          <h1>{campaign.name}</h1>
          <p className="muted">
            {describeCouponTerms(campaign)} {describeCouponScope(campaign)} · <LocalClock iso={campaign.startsAt} withDay /> –{" "}
            {campaign.endsAt ? <LocalClock iso={campaign.endsAt} withDay /> : "no end"}{" "}
            <PhaseBadge phase={campaign.phase} left={campaign.left} />
          </p>
          <p>
            Customers claim on <Link href={routes.campaign(campaign.id)}>the campaign&apos;s page</Link>.
          </p>
        </div>
        <EndNowButton
          action={endCampaignAction}
          idName="campaignId"
          id={campaign.id}
          ended={campaign.phase === "ended"}
          question="End this campaign now?"
          detail="No more coupons will be issued; those already won stay valid."
        />
      </div>
      <dl className={styles.stats}>
        <div className={styles.stat}>
          <dt>Coupons</dt>
          <dd>{campaign.limit}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Claimed</dt>
          <dd data-testid="campaign-issued">{campaign.issued}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Used on paid orders</dt>
          <dd>{campaign.redeemed}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Left</dt>
          <dd>{campaign.left}</dd>
        </div>
      </dl>
      <ProgressBar value={campaign.issued} max={campaign.limit} label={`${campaign.issued} of ${campaign.limit} coupons claimed`} />
      {dropStats ? <DropStatsPanel initial={dropStats} /> : null}
      <section className="stack" aria-labelledby="winners-title">
        <h2 id="winners-title">Winners, in the order they won</h2>
        {campaign.winners.length > 0 ? (
          <CampaignWinnersTable winners={campaign.winners} />
        ) : (
          <p className="muted">Nobody has claimed a coupon yet.</p>
        )}
      </section>
    </div>
  );
}
