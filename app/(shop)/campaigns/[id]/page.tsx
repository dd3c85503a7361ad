import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { CampaignClaim } from "@/components/discounts/campaign-claim";
import { describeCouponScope, describeCouponTerms, endSentence } from "@/components/discounts/describe";
import { DropPanel } from "@/components/drops/drop-panel";
import { getCurrentUser } from "@/lib/auth/session";
import { getCampaign } from "@/lib/coupons/queries";
import { db } from "@/lib/db/client";
import { getDropPlace } from "@/lib/drops/place";
import { getCampaignDrop } from "@/lib/drops/queries";
import { routes } from "@/lib/routes";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

const load = cache(async (id: string) => {
  const campaignId = z.uuid().safeParse(id);
  if (!campaignId.success) return null;
  const viewer = await getCurrentUser();
  const campaign = await getCampaign(db(), campaignId.data, viewer?.id ?? null);
  if (!campaign) return null;
  // A campaign run as a drop: its waiting line, and the viewer's place in it.
  const drop = await getCampaignDrop(db(), campaign.id);
  const place = drop ? await getDropPlace(db(), drop.dropId, viewer?.id ?? null) : null;
  return { campaign, signedIn: viewer !== null, place };
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const loaded = await load((await params).id);
  return { title: loaded ? loaded.campaign.name : "Campaign not found" };
}

export default async function CampaignPage({ params }: { params: Params }) {
  const loaded = await load((await params).id);
  if (!loaded) notFound();
  const { campaign, signedIn, place } = loaded;
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
      {place ? <DropPanel initial={place} title="Drop with a waiting line" signedIn={signedIn} doing="claim your coupon" /> : null}
      <CampaignClaim initial={campaign} signedIn={signedIn} drop={place ?? undefined} />
    </div>
  );
}
