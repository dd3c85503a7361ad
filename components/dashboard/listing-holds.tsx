import Link from "next/link";
import { HoldCountdown, LocalClock } from "@/components/cart/hold-countdown";
import { Badge } from "@/components/ui/badge";
import { db } from "@/lib/db/client";
import { pluralize } from "@/lib/format";
import { listHoldsForListing } from "@/lib/stock/listing-holds";

/**
 * Who is holding this listing's stock right now: live cart holds and pending orders, each
 * with its expiry. Customers are shown by initial only.
 */
export async function ListingHolds({ shopId, listingId }: { shopId: string; listingId: string }) {
  const data = await listHoldsForListing(db(), shopId, listingId);
  if (!data) return null;
  const serverNow = data.now.toISOString();

  return (
    <section className="section" aria-labelledby="holds-heading" data-testid="listing-holds">
      <div className="section-heading">
        <h2 id="holds-heading">Reserved stock</h2>
        <span className="muted">
          {pluralize(data.inCarts, "unit")} in carts · {pluralize(data.inPendingOrders, "unit")} in orders awaiting payment
        </span>
      </div>
      {data.holds.length === 0 ? (
        <p className="muted">Nobody is holding this listing right now.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">Held by</th>
                <th scope="col">For</th>
                <th scope="col" className="numeric">
                  Units
                </th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {data.holds.map((hold) => (
                <tr key={hold.id}>
                  <td data-label="Held by">{hold.customer}</td>
                  <td data-label="For">
                    {hold.kind === "cart" ? (
                      <Badge tone="accent">Cart</Badge>
                    ) : (
                      <>
                        <Badge tone="warning">Order awaiting payment</Badge> <span className="muted">#{hold.orderId?.slice(0, 8)}</span>
                      </>
                    )}
                  </td>
                  <td data-label="Units" className="numeric">
                    {hold.quantity}
                  </td>
                  <td data-label="Expires">
                    {hold.lapsed ? (
                      <span className="muted">Lapsed: no longer blocks buyers, tidied at the next sweep</span>
                    ) : (
                      <>
                        <LocalClock iso={hold.expiresAt.toISOString()} /> ·{" "}
                        <HoldCountdown expiresAt={hold.expiresAt.toISOString()} serverNow={serverNow} warnBefore={0} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">
        Holds end by themselves: cart holds after the cart hold time, orders at their payment deadline. See{" "}
        <Link href="#history-heading">the stock history</Link> for every reservation and release.
      </p>
    </section>
  );
}
