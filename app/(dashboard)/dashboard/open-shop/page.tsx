import type { Metadata } from "next";
import { redirect } from "next/navigation";
import styles from "@/components/dashboard/dashboard.module.css";
import { OpenShopForm } from "@/components/dashboard/open-shop-form";
import { requireUser } from "@/lib/auth/session";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Open a shop" };

// For a signed-in customer without a shop: the one dashboard page an owner does not need.
export default async function OpenShopPage() {
  const user = await requireUser(routes.openShop);
  if (user.shop) redirect(routes.dashboard);
  return (
    <div className={`stack ${styles.narrow}`}>
      <p className="eyebrow">Sell with us</p>
      <h1>Open a shop</h1>
      <p className="muted">
        List products in the shared catalogue next to other shops. Every unit a customer puts in their cart is held for them, so you never
        sell what you do not have.
      </p>
      <div className="card">
        <OpenShopForm />
      </div>
    </div>
  );
}
