"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { AvailabilityBadge } from "@/components/catalogue/availability-badge";
import { routes } from "@/lib/routes";
import type { ListingAvailability } from "@/lib/stock/listing-availability";

export const availabilityQueryKey = (listingId: string) => ["listing-availability", listingId] as const;

async function fetchAvailability(listingId: string): Promise<ListingAvailability> {
  const response = await fetch(routes.listingAvailability(listingId), { cache: "no-store" });
  if (!response.ok) throw new Error(`availability: HTTP ${response.status}`);
  return (await response.json()) as ListingAvailability;
}

// Every component showing a listing's stock reads this one polled query (same key, one
// request per listing however many components show it), so the page never shows two figures.
const availabilityQuery = (listingId: string) => ({
  queryKey: availabilityQueryKey(listingId),
  queryFn: () => fetchAvailability(listingId),
  refetchInterval: 3_000,
  refetchIntervalInBackground: false,
  staleTime: 1_000,
});

/** Units anyone can take now: the poll's figure once it has answered, the server's before. */
const unitsFree = (data: ListingAvailability | undefined, initialAvailable: number) =>
  data ? (data.active ? data.available : 0) : initialAvailable;

/** A listing's live availability (polled every few seconds), with the server's figure until the first answer. */
export function useListingAvailability(listingId: string, initialAvailable: number) {
  const { data } = useQuery(availabilityQuery(listingId));
  return { available: unitsFree(data, initialAvailable), data };
}

/**
 * "Only 3 left", "Sold out", "2 in other carts", refreshed every few seconds without
 * reloading the page. The server's number renders first; the poll takes over from there.
 */
export function LiveAvailability({ listingId, initialAvailable }: { listingId: string; initialAvailable: number }) {
  const { available, data } = useListingAvailability(listingId, initialAvailable);
  return (
    <span className="live-availability" data-testid="live-availability" data-available={available} aria-live="polite">
      <AvailabilityBadge available={available} />
      {data && data.inOtherCarts > 0 ? <span className="muted"> · {data.inOtherCarts} in other carts</span> : null}
      {data?.yours ? <span className="muted"> · {data.yours.quantity} held for you</span> : null}
    </span>
  );
}

/**
 * The product's summary badge: the sum over its shops of the same live figures the rows show,
 * so "Only 1 left" at the top can never contradict "Only 2 left" below.
 */
export function LiveTotalAvailability({ listings }: { listings: { id: string; available: number }[] }) {
  const results = useQueries({ queries: listings.map((listing) => availabilityQuery(listing.id)) });
  const total = listings.reduce((sum, listing, i) => sum + unitsFree(results[i]?.data, listing.available), 0);
  return (
    <span data-testid="total-availability" data-available={total}>
      <AvailabilityBadge available={total} />
    </span>
  );
}
