"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "@/components/dashboard/dashboard.module.css";
import { routes } from "@/lib/routes";

// Owner pages in the sidebar. Add a page here when you add it under app/(dashboard)/dashboard.
const ITEMS = [
  { href: routes.dashboard, label: "Overview" },
  { href: routes.dashboardOrders, label: "Orders" },
  { href: routes.newListing, label: "New listing" },
  { href: routes.dashboardSales, label: "Flash sales" },
  { href: routes.dashboardCampaigns, label: "Coupons" },
] as const;

// Orders, sales and coupons stay marked on their own pages below them; Overview only on the dashboard home.
const SECTIONS: string[] = [routes.dashboardOrders, routes.dashboardSales, routes.dashboardCampaigns];
const isCurrent = (pathname: string, href: string) => pathname === href || (SECTIONS.includes(href) && pathname.startsWith(`${href}/`));

export function DashboardNav({ shopName }: { shopName: string }) {
  const pathname = usePathname();
  return (
    <nav className={`dashboard-nav ${styles.nav}`} aria-label="Shop dashboard">
      <div className="dashboard-nav__shop">
        <span className="eyebrow">Your shop</span>
        <strong>{shopName}</strong>
      </div>
      {ITEMS.map((item) => (
        <Link key={item.href} href={item.href} aria-current={isCurrent(pathname, item.href) ? "page" : undefined}>
          {item.label}
        </Link>
      ))}
      <Link href={routes.catalogue}>View the storefront</Link>
    </nav>
  );
}
