import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { CampaignClaim } from "@/components/discounts/campaign-claim";
import { describeCouponScope, describeCouponTerms, endSentence } from "@/components/discounts/describe";
import { getCurrentUser } from "@/lib/auth/session";
import { getCampaign } from "@/lib/coupons/queries";
import { db } from "@/lib/db/client";
import { routes } from "@/lib/routes";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

const load = cache(async (id: string) => {
  const campaignId = z.uuid().safeParse(id);
  if (!campaignId.success) return null;
  const viewer = await getCurrentUser();
  const campaign = await getCampaign(db(), campaignId.data, viewer?.id ?? null);
  return campaign ? { campaign, signedIn: viewer !== null } : null;
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const loaded = await load((await params).id);
  return { title: loaded ? loaded.campaign.name : "Campaign not found" };
}

export default async function CampaignPage({ params }: { params: Params }) {
  const loaded = await load((await params).id);
  if (!loaded) notFound();
  const { campaign, signedIn } = loaded;
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumbs">
          <li>
            <Link href={routes.campaigns}>Coupons</Link>
          </li>
          <li aria-current="page">{campaign.name}</li>
        </ol>
      </nav>
      <div>
        <p className="eyebrow">First come, first served · {campaign.limit} coupons</p>
        <h1>{campaign.name}</h1>
        <p>
          {endSentence(`${describeCouponTerms(campaign)} ${describeCouponScope(campaign)}`)} One coupon per customer; the first{" "}
          {campaign.limit} to claim win.
          {campaign.scope ? (
            <>
              {" "}
              <Link href={routes.product(campaign.scope.productSlug)}>See the product</Link>.
            </>
          ) : null}
        </p>
      </div>
      <CampaignClaim initial={campaign} signedIn={signedIn} />
    </div>
  );
}
