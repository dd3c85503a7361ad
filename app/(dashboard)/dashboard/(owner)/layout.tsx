import type { ReactNode } from "react";
import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { requireShopOwner } from "@/lib/auth/session";
import { routes } from "@/lib/routes";

// Shop owners only: a signed-in customer without a shop is sent to open one. Layouts do not
// re-run on every client navigation, so each page checks the role again (requireShopOwner),
// and every action checks it on the server (lib/actions/define-action.ts).
export default async function OwnerLayout({ children }: { children: ReactNode }) {
  const owner = await requireShopOwner(routes.dashboard);
  return (
    <div className="dashboard-layout">
      <DashboardNav shopName={owner.shop.name} />
      <div>{children}</div>
    </div>
  );
}
