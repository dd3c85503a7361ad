import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/dashboard/dashboard.module.css";
import { ListingsTable } from "@/components/dashboard/listings-table";
import { SalesToday } from "@/components/orders/sales-today";
import { ButtonLink } from "@/components/ui/button";
import { requireShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listShopListings } from "@/lib/listings/queries";
import { shopSalesToday } from "@/lib/orders/shop-orders";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const owner = await requireShopOwner(routes.dashboard);
  const [listings, today] = await Promise.all([listShopListings(db(), owner.shop.id), shopSalesToday(db(), owner.shop.id)]);
  const active = listings.filter((listing) => listing.active);
  const sum = (pick: (listing: (typeof listings)[number]) => number) => active.reduce((total, l) => total + pick(l), 0);

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="eyebrow">Dashboard</p>
          <h1>{owner.shop.name}</h1>
        </div>
        <ButtonLink href={routes.newListing}>List a product</ButtonLink>
      </div>
      <SalesToday today={today} />
      <dl className={styles.stats}>
        <div className={styles.stat}>
          <dt>Active listings</dt>
          <dd>{active.length}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Units on hand</dt>
          <dd>{sum((l) => l.onHand)}</dd>
        </div>
        <div className={styles.stat}>
          <dt>In carts</dt>
          <dd data-testid="overview-in-carts">{sum((l) => l.inCarts)}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Awaiting payment</dt>
          <dd data-testid="overview-awaiting-payment">{sum((l) => l.awaitingPayment)}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Available</dt>
          <dd>{sum((l) => l.available)}</dd>
        </div>
      </dl>
      {listings.length > 0 ? (
        <ListingsTable listings={listings} />
      ) : (
        <div className="empty-state">
          <h2>No listings yet</h2>
          <p>List your first product: it appears in the catalogue as soon as you save it.</p>
          <Link href={routes.newListing} className="button button--primary">
            List a product
          </Link>
        </div>
      )}
    </div>
  );
}
