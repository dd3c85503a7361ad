import type { ShopListing } from "@/lib/catalog/queries";
import { AvailabilityBadge } from "./availability-badge";
import { Price } from "./price";

/** Every shop's offer for one product, cheapest first. */
export function ListingTable({ listings }: { listings: ShopListing[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="listings">
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
              <th scope="row">{listing.shop.name}</th>
              <td className="numeric">
                <Price cents={listing.priceCents} currency={listing.currency} />
              </td>
              <td>
                <AvailabilityBadge available={listing.available} />
              </td>
              <td className="listing-action">
                {/* ADD-TO-CART SLOT: the cart helper renders
                    <AddToCartForm listingId={listing.id} available={listing.available} />
                    from components/cart/add-to-cart-form.tsx here. */}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
