import type { Metadata } from "next";
import { NewCampaignForm } from "@/components/discounts/new-campaign-form";
import { requireShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listShopListings } from "@/lib/listings/queries";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "New coupon campaign" };

export default async function NewCampaignPage() {
  const owner = await requireShopOwner(routes.newCampaign);
  const listings = (await listShopListings(db(), owner.shop.id)).filter((listing) => listing.active);
  return (
    <div className="stack">
      <div className="page-header">
        <h1>New coupon campaign</h1>
      </div>
      <NewCampaignForm listings={listings.map((listing) => ({ id: listing.id, label: listing.displayName, onHand: listing.onHand }))} />
    </div>
  );
}
