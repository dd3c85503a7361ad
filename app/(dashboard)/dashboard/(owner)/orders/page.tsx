import type { Metadata } from "next";
import { ShopOrdersTable } from "@/components/orders/shop-orders-table";
import { requireShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listShopOrders } from "@/lib/orders/shop-orders";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Orders" };
export const dynamic = "force-dynamic";

export default async function ShopOrdersPage() {
  const owner = await requireShopOwner(routes.dashboardOrders);
  const orders = await listShopOrders(db(), owner.shop.id);
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="eyebrow">Dashboard</p>
          <h1>Orders</h1>
          <p className="muted">Orders with your items, newest first. Totals count your shop&apos;s items only.</p>
        </div>
      </div>
      {orders.length > 0 ? (
        <ShopOrdersTable orders={orders} />
      ) : (
        <div className="empty-state">
          <h2>No orders yet</h2>
          <p>Orders for your listings appear here as soon as a customer checks out.</p>
        </div>
      )}
    </div>
  );
}
