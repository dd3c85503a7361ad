import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import styles from "@/components/dashboard/dashboard.module.css";
import { LedgerTable } from "@/components/dashboard/ledger-table";
import { ListingHolds } from "@/components/dashboard/listing-holds";
import { StockBadge } from "@/components/dashboard/listings-table";
import { LiveStockLevels } from "@/components/dashboard/live-stock-levels";
import { StockChart } from "@/components/dashboard/stock-chart";
import { ActiveToggle, AdjustStockForm, PriceForm, ReceiveStockForm } from "@/components/dashboard/stock-forms";
import { requireShopOwner } from "@/lib/auth/session";
import { getListingFigures } from "@/lib/dashboard/listing-figures";
import { getStockHistory } from "@/lib/dashboard/stock-history";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/format";
import { getListingLedger, getShopListing } from "@/lib/listings/queries";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Listing" };

export default async function ListingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const owner = await requireShopOwner(routes.dashboardListing(id));
  // Scoped by the owner's shop: another shop's listing is a 404, not a peek.
  const listing = z.uuid().safeParse(id).success ? await getShopListing(db(), owner.shop.id, id) : null;
  if (!listing) notFound();
  const [figures, ledger, history] = await Promise.all([
    getListingFigures(db(), owner.shop.id, id),
    getListingLedger(db(), owner.shop.id, id),
    getStockHistory(db(), owner.shop.id, id),
  ]);
  if (!figures) notFound();

  return (
    <div className="stack">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={routes.dashboard}>Dashboard</Link> / <span aria-current="page">{listing.displayName}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>{listing.displayName}</h1>
          <p className="muted">
            {formatMoney(listing.priceCents, listing.currency)} · <StockBadge listing={listing} /> ·{" "}
            <Link href={routes.product(listing.productSlug)}>View in the catalogue</Link>
          </p>
        </div>
        {/* eslint-disable-next-line @next/next/no-img-element -- served by our own image route */}
        <img
          src={listing.imageUrl ?? "/products/placeholder.svg"}
          alt={listing.displayName}
          width={160}
          height={120}
          className={styles.picture}
        />
      </div>

      <LiveStockLevels listingId={listing.id} initial={figures} />

      <section className="section" aria-labelledby="manage-heading">
        <h2 id="manage-heading" className="visually-hidden">
          Manage stock
        </h2>
        <div className={styles.panels}>
          <ReceiveStockForm listingId={listing.id} />
          <AdjustStockForm listingId={listing.id} />
          <PriceForm listingId={listing.id} price={(listing.priceCents / 100).toFixed(2)} />
          <ActiveToggle listingId={listing.id} active={listing.active} name={listing.displayName} />
        </div>
      </section>

      <section className="section" aria-labelledby="history-heading">
        <div className="section-heading">
          <h2 id="history-heading">Stock over time</h2>
        </div>
        <div className="stack">
          <StockChart history={history} />
          <LedgerTable entries={ledger.entries} total={ledger.total} />
        </div>
      </section>

      <ListingHolds shopId={owner.shop.id} listingId={listing.id} />
    </div>
  );
}
