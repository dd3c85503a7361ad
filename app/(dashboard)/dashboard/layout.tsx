import type { ReactNode } from "react";
import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { requireUser } from "@/lib/auth/session";
import { routes } from "@/lib/routes";

// Signed-in users only. The owner check cannot live here: /dashboard/open-shop is under this
// layout and is for users without a shop, so each owner page calls requireShopOwner() itself
// (layouts do not re-run on every navigation anyway, so pages must check on their own).
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser(routes.dashboard);
  return (
    <>
      <SiteHeader />
      <main id="main" className="container page">
        {user.shop ? (
          <div className="dashboard-layout">
            <DashboardNav shopName={user.shop.name} />
            <div>{children}</div>
          </div>
        ) : (
          children
        )}
      </main>
      <SiteFooter />
    </>
  );
}
