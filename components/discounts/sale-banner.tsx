"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { Countdown } from "@/components/discounts/countdown";
import { describeSaleDiscount } from "@/components/discounts/describe";
import styles from "@/components/discounts/discounts.module.css";
import type { SaleCounter } from "@/lib/flash-sales/queries";
import { formatMoney } from "@/lib/format";
import { routes } from "@/lib/routes";

const saleKey = (listingId: string) => ["flash-sale", listingId] as const;

async function fetchSale(listingId: string): Promise<SaleCounter | null> {
  const response = await fetch(routes.listingFlashSale(listingId), { cache: "no-store" });
  if (!response.ok) throw new Error(`flash sale: HTTP ${response.status}`);
  return (await response.json()) as SaleCounter | null;
}

/**
 * A listing's flash sale on the product page: the sale price, a live "7 of 10 discounted left"
 * and countdowns to its start and end, polled every few seconds. The counter counts slots
 * held by checkouts under way: a failed one gives its slot back, and the counter goes up again.
 */
export function SaleBanner({ initial, shopName }: { initial: SaleCounter; shopName: string }) {
  const client = useQueryClient();
  const { data } = useQuery({
    queryKey: saleKey(initial.listingId),
    queryFn: () => fetchSale(initial.listingId),
    initialData: initial,
    refetchInterval: 3_000,
    staleTime: 1_000,
  });
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: saleKey(initial.listingId) }), [client, initial.listingId]);
  if (!data || data.phase === "ended") {
    return (
      <aside className={styles.banner} data-testid="sale-banner" data-phase="ended" aria-live="polite">
        <p className={styles.bannerTitle}>The flash sale at {shopName} has ended.</p>
      </aside>
    );
  }
  const live = data.phase === "live";
  return (
    <aside
      className={styles.banner}
      data-testid="sale-banner"
      data-phase={data.phase}
      data-left={data.left}
      aria-labelledby={`sale-${data.saleId}`}
    >
      <p className={styles.bannerTitle} id={`sale-${data.saleId}`}>
        <span>Flash sale at {shopName}</span>
        <span className={styles.salePrice}>{formatMoney(data.salePriceCents, data.currency)}</span>
        <span className={styles.was}>{formatMoney(data.priceCents, data.currency)}</span>
        <span className="muted">
          {describeSaleDiscount(data.discount, data.currency)}, one unit each for the first {data.slots} buyers
        </span>
      </p>
      <p className={styles.counter} aria-live="polite" data-testid="sale-counter">
        {live
          ? data.left > 0
            ? `${data.left} of ${data.slots} discounted left`
            : `All ${data.slots} discounted units are taken: checkouts under way may give some back; otherwise the normal price applies.`
          : `${data.slots} discounted units`}
      </p>
      <p className={styles.timer}>
        {live ? (
          <Countdown until={data.endsAt} serverNow={data.now} prefix="Ends in" onZero={refresh} />
        ) : (
          <Countdown until={data.startsAt} serverNow={data.now} prefix="Starts in" onZero={refresh} />
        )}
      </p>
    </aside>
  );
}
