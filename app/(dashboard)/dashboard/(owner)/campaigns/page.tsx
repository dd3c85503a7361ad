import type { Metadata } from "next";
import { CampaignsTable } from "@/components/discounts/campaigns-table";
import { ButtonLink } from "@/components/ui/button";
import { requireShopOwner } from "@/lib/auth/session";
import { listShopCampaigns } from "@/lib/coupons/queries";
import { db } from "@/lib/db/client";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Coupon campaigns" };
export const dynamic = "force-dynamic";

export default async function CampaignsPage() {
  const owner = await requireShopOwner(routes.dashboardCampaigns);
  const campaigns = await listShopCampaigns(db(), owner.shop.id);
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="eyebrow">Coupons</p>
          <h1>First come, first served</h1>
        </div>
        <ButtonLink href={routes.newCampaign}>New campaign</ButtonLink>
      </div>
      {campaigns.length > 0 ? (
        <CampaignsTable campaigns={campaigns} />
      ) : (
        <div className="empty-state">
          <h2>No campaigns yet</h2>
          <p>Give a set number of coupons to the first customers who claim one, one each; each gets their number and a code.</p>
        </div>
      )}
    </div>
  );
}
