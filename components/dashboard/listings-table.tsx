import Link from "next/link";
import styles from "@/components/dashboard/dashboard.module.css";
import { Badge } from "@/components/ui/badge";
import { formatMoney } from "@/lib/format";
import type { OwnerListing } from "@/lib/listings/queries";
import { routes } from "@/lib/routes";

export function StockBadge({ listing }: { listing: Pick<OwnerListing, "active" | "available"> }) {
  if (!listing.active) return <Badge>Inactive</Badge>;
  if (listing.available === 0) return <Badge tone="sold-out">Sold out</Badge>;
  if (listing.available <= 3) return <Badge tone="scarce">Low stock</Badge>;
  return <Badge tone="in-stock">On sale</Badge>;
}

export function ListingsTable({ listings }: { listings: OwnerListing[] }) {
  return (
    <div className="table-wrap">
      <table className={`table table--stack ${styles.cardGrid}`}>
        <caption className="visually-hidden">Your listings with their stock</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="numeric">
              Price
            </th>
            <th scope="col" className="numeric">
              On hand
            </th>
            <th scope="col" className="numeric">
              Held
            </th>
            <th scope="col" className="numeric">
              Available
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {listings.map((listing) => (
            <tr key={listing.id} className={listing.active ? undefined : styles.inactive}>
              <th scope="row" data-label="">
                <span className={styles.titleCell}>
                  {/* eslint-disable-next-line @next/next/no-img-element -- our own image route, already sized */}
                  <img src={listing.imageUrl ?? "/products/placeholder.svg"} alt="" className={styles.thumb} />
                  <Link href={routes.dashboardListing(listing.id)}>{listing.displayName}</Link>
                </span>
              </th>
              <td data-label="Price" className="numeric">
                {formatMoney(listing.priceCents, listing.currency)}
              </td>
              <td data-label="On hand" className="numeric">
                {listing.onHand}
              </td>
              <td data-label="Held" className="numeric">
                {listing.held}
              </td>
              <td data-label="Available" className="numeric">
                {listing.available}
              </td>
              <td data-label="Status" className={styles.wide}>
                <StockBadge listing={listing} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
