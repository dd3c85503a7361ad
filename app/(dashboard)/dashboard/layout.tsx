import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { requireUser } from "@/lib/auth/session";
import { routes } from "@/lib/routes";

// Signed-in users only. Owners' pages sit in the (owner) group below, whose layout checks the
// role; /dashboard/open-shop, for users without a shop, sits beside it.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await requireUser(routes.dashboard);
  return (
    <>
      <SiteHeader />
      <main id="main" className="container page">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
