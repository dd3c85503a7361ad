import type { Metadata } from "next";
import { SalesTable } from "@/components/discounts/sales-table";
import { ButtonLink } from "@/components/ui/button";
import { requireShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listShopSales } from "@/lib/flash-sales/queries";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Flash sales" };
export const dynamic = "force-dynamic";

export default async function SalesPage() {
  const owner = await requireShopOwner(routes.dashboardSales);
  const sales = await listShopSales(db(), owner.shop.id);
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="eyebrow">Flash sales</p>
          <h1>Your first buyers get the sale price</h1>
        </div>
        <ButtonLink href={routes.newSale}>New flash sale</ButtonLink>
      </div>
      {sales.length > 0 ? (
        <SalesTable sales={sales} />
      ) : (
        <div className="empty-state">
          <h2>No flash sales yet</h2>
          <p>Put a listing on sale for its first buyers: a slot whose checkout fails goes to the next buyer.</p>
        </div>
      )}
    </div>
  );
}
