import Link from "next/link";
import { Suspense } from "react";
import { VisitorLinks, VisitorLinksFor } from "@/components/accounts/visitor-links";
import { CartLink } from "@/components/cart/cart-link";
import { NotificationsLink } from "@/components/notifications/notifications-link";
import { SearchBox, SearchBoxFallback } from "@/components/search-box";
import { SignOutButton } from "@/components/sign-out-button";
import { SiteMenu } from "@/components/site-menu";
import { getCurrentUser } from "@/lib/auth/session";
import { countCartItems } from "@/lib/cart/summary";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { countUnreadNotifications } from "@/lib/notifications/queries";
import { routes } from "@/lib/routes";

export async function SiteHeader() {
  const user = await getCurrentUser();
  const [cartCount, unread] = user ? await Promise.all([countCartItems(db(), user.id), countUnreadNotifications(db(), user.id)]) : [0, 0];
  const accountLinks = user ? (
    <>
      <Link href={routes.orders}>Orders</Link>
      {user.shop ? <Link href={routes.dashboard}>Dashboard</Link> : <Link href={routes.openShop}>Open a shop</Link>}
      <SignOutButton />
    </>
  ) : (
    <Suspense fallback={<VisitorLinksFor />}>
      <VisitorLinks />
    </Suspense>
  );
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="container site-header__inner">
        <Link href={routes.home} className="site-brand">
          {env().SHOP_NAME}
        </Link>
        <nav className="site-nav" aria-label="Main">
          <Link href={routes.catalogue}>Catalogue</Link>
          <Link href={routes.campaigns}>Coupons</Link>
        </nav>
        <Suspense fallback={<SearchBoxFallback />}>
          <SearchBox />
        </Suspense>
        <div className="site-header__end">
          <CartLink count={cartCount} />
          {user ? <NotificationsLink unread={unread} /> : null}
          {/* Wide screens: the account links in a row. Phones: the same links behind "Menu". */}
          <div className="account-menu">
            {user ? (
              <span className="account-menu__name" title={user.email}>
                {user.name}
              </span>
            ) : null}
            {accountLinks}
          </div>
          <SiteMenu>
            <nav aria-label="Menu">
              <Link href={routes.catalogue}>Catalogue</Link>
              <Link href={routes.campaigns}>Coupons</Link>
              {user ? <span className="site-menu__who">Signed in as {user.name}</span> : null}
              {accountLinks}
            </nav>
          </SiteMenu>
        </div>
      </div>
    </header>
  );
}
