import { LiveAvailability } from "@/components/cart/live-availability";
import { OfferActions } from "@/components/cart/offer-actions";
import { Price } from "@/components/catalogue/price";
import type { ShopListing } from "@/lib/catalogue/queries";
import type { DropPlaceView } from "@/lib/drops/place";

/**
 * Every shop's offer for one product, cheapest first: a table on wide screens, one card per
 * shop on a phone (.table--stack), so the button and its answer are never off-screen.
 */
export function ListingTable({
  listings,
  dropPlaces = {},
}: {
  listings: ShopListing[];
  /** Per listing under a drop's line, the viewer's place. */ dropPlaces?: Record<string, DropPlaceView>;
}) {
  return (
    <div className="table-wrap">
      <table className="table table--stack offer-table" data-testid="listings">
        <thead>
          <tr>
            <th scope="col">Shop</th>
            <th scope="col" className="numeric">
              Price
            </th>
            <th scope="col">Availability</th>
            <th scope="col" className="listing-action">
              <span className="visually-hidden">Buy</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {listings.map((listing) => (
            <tr key={listing.id} data-testid="listing-row" data-shop={listing.shop.slug}>
              <th scope="row" data-label="">
                {listing.shop.name}
              </th>
              <td className="numeric" data-label="Price">
                <Price cents={listing.priceCents} currency={listing.currency} />
              </td>
              <td data-label="Availability">
                {/* Live: polled every few seconds, so a unit freed or taken shows without a reload. */}
                <LiveAvailability listingId={listing.id} initialAvailable={listing.available} />
              </td>
              <td className="listing-action" data-label="">
                <OfferActions listingId={listing.id} initialAvailable={listing.available} drop={dropPlaces[listing.id]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
