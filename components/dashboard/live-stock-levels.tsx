"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { routes } from "@/lib/routes";
import styles from "./dashboard.module.css";

export interface StockLevels {
  onHand: number;
  reserved: number;
  held: number;
  available: number;
  active: boolean;
}

async function fetchLevels(listingId: string): Promise<StockLevels> {
  const response = await fetch(routes.dashboardListingLevels(listingId), { cache: "no-store" });
  if (!response.ok) throw new Error(`stock levels: HTTP ${response.status}`);
  return (await response.json()) as StockLevels;
}

/** The listing's stock, kept live while customers hold and release units. */
export function LiveStockLevels({ listingId, initial }: { listingId: string; initial: StockLevels }) {
  const queryClient = useQueryClient();
  const queryKey = ["dashboard-listing-levels", listingId];
  const { data } = useQuery({ queryKey, queryFn: () => fetchLevels(listingId), initialData: initial, refetchInterval: 5_000 });
  // A server render after one of the owner's own changes is newer than the last poll.
  useEffect(() => {
    queryClient.setQueryData(["dashboard-listing-levels", listingId], initial);
  }, [queryClient, listingId, initial]);

  const figures = [
    { label: "On hand", value: data.onHand, id: "level-on-hand" },
    { label: "Reserved", value: data.reserved, id: "level-reserved" },
    { label: "Held now", value: data.held, id: "level-held" },
    { label: "Available", value: data.available, id: "level-available" },
  ];
  return (
    <dl className={styles.stats} aria-live="polite">
      {figures.map((figure) => (
        <div key={figure.id} className={styles.stat}>
          <dt id={figure.id}>{figure.label}</dt>
          <dd data-testid={figure.id}>
            {figure.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
