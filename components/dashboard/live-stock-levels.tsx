"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import styles from "@/components/dashboard/dashboard.module.css";
import type { ListingFigures } from "@/lib/dashboard/listing-figures";
import { pluralize } from "@/lib/format";
import { routes } from "@/lib/routes";

async function fetchFigures(listingId: string): Promise<ListingFigures> {
  const response = await fetch(routes.dashboardListingLevels(listingId), { cache: "no-store" });
  if (!response.ok) throw new Error(`stock levels: HTTP ${response.status}`);
  return (await response.json()) as ListingFigures;
}

/**
 * The listing's stock, kept live while customers hold and release units. Each tile counts
 * different units: on hand = available + in carts + awaiting payment; sold units have left.
 */
export function LiveStockLevels({ listingId, initial }: { listingId: string; initial: ListingFigures }) {
  const queryClient = useQueryClient();
  const queryKey = ["dashboard-listing-levels", listingId];
  const { data } = useQuery({ queryKey, queryFn: () => fetchFigures(listingId), initialData: initial, refetchInterval: 5_000 });
  // A server render after one of the owner's own changes is newer than the last poll.
  useEffect(() => {
    queryClient.setQueryData(["dashboard-listing-levels", listingId], initial);
  }, [queryClient, listingId, initial]);

  const figures = [
    { label: "On hand", value: data.onHand, id: "level-on-hand", hint: "in your shop" },
    // Off the catalogue nobody can buy it: the units wait for it to be back on sale.
    { label: "Available", value: data.available, id: "level-available", hint: data.active ? "to buy now" : "once back on sale" },
    { label: "In carts", value: data.inCarts, id: "level-in-carts", hint: "held for shoppers" },
    { label: "Awaiting payment", value: data.awaitingPayment, id: "level-awaiting-payment", hint: "held by unpaid orders" },
    { label: "Sold", value: data.sold, id: "level-sold", hint: "paid orders, all time" },
  ];
  return (
    <div className="stack" aria-live="polite">
      <dl className={styles.stats}>
        {figures.map((figure) => (
          <div key={figure.id} className={styles.stat}>
            <dt id={figure.id}>{figure.label}</dt>
            <dd data-testid={figure.id}>{figure.value}</dd>
            <dd className={styles.statHint}>{figure.hint}</dd>
          </div>
        ))}
      </dl>
      {data.lapsed > 0 ? (
        <p className="muted" data-testid="level-lapsed">
          {pluralize(data.lapsed, "unit")} in holds that ran out: free to buy already, tidied at the next sweep.
        </p>
      ) : null}
    </div>
  );
}
