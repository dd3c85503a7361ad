"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import type { ListingAvailability } from "@/lib/availability/listing-availability";
import { describeAvailability } from "@/lib/catalog/availability";
import { routes } from "@/lib/routes";

export const availabilityQueryKey = (listingId: string) => ["listing-availability", listingId] as const;

async function fetchAvailability(listingId: string): Promise<ListingAvailability> {
  const response = await fetch(routes.listingAvailability(listingId), { cache: "no-store" });
  if (!response.ok) throw new Error(`availability: HTTP ${response.status}`);
  return (await response.json()) as ListingAvailability;
}

/**
 * "Only 3 left", "Sold out", "2 in other carts", refreshed every few seconds without
 * reloading the page. The server's number renders first; the poll takes over from there.
 */
export function LiveAvailability({ listingId, initialAvailable }: { listingId: string; initialAvailable: number }) {
  const { data } = useQuery({
    queryKey: availabilityQueryKey(listingId),
    queryFn: () => fetchAvailability(listingId),
    refetchInterval: 3_000,
    refetchIntervalInBackground: false,
    staleTime: 1_000,
  });
  const available = data ? (data.active ? data.available : 0) : initialAvailable;
  const availability = describeAvailability(available);
  return (
    <span className="live-availability" data-testid="live-availability" data-available={available} aria-live="polite">
      <Badge tone={availability.kind}>{availability.label}</Badge>
      {data && data.inOtherCarts > 0 ? <span className="muted"> · {data.inOtherCarts} in other carts</span> : null}
      {data?.yours ? <span className="muted"> · {data.yours.quantity} held for you</span> : null}
    </span>
  );
}
