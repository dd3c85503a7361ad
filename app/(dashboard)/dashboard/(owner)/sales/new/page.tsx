import type { Metadata } from "next";
import Link from "next/link";
import { NewSaleForm } from "@/components/discounts/new-sale-form";
import { requireShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listShopListings } from "@/lib/listings/queries";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "New flash sale" };

export default async function NewSalePage() {
  const owner = await requireShopOwner(routes.newSale);
  const listings = (await listShopListings(db(), owner.shop.id)).filter((listing) => listing.active && listing.onHand > 0);
  return (
    <div className="stack">
      <div className="page-header">
        <h1>New flash sale</h1>
      </div>
      {listings.length > 0 ? (
        <NewSaleForm listings={listings.map((listing) => ({ id: listing.id, label: listing.displayName, onHand: listing.onHand }))} />
      ) : (
        <div className="empty-state">
          <h2>Nothing to put on sale</h2>
          <p>
            A flash sale needs a listing with units on hand. <Link href={routes.newListing}>List a product</Link> first.
          </p>
        </div>
      )}
    </div>
  );
}
