import type { Metadata } from "next";
import { NewListingForm } from "@/components/dashboard/new-listing-form";
import { requireShopOwner } from "@/lib/auth/session";
import { listBrands } from "@/lib/catalogue/queries";
import { db } from "@/lib/db/client";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "New listing" };

export default async function NewListingPage() {
  await requireShopOwner(routes.newListing);
  const brands = await listBrands(db());
  return (
    <div className="stack">
      <div className="page-header">
        <h1>List a product</h1>
      </div>
      <NewListingForm brands={brands.map((b) => b.brand)} />
    </div>
  );
}
