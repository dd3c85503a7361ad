"use client";

import { useCallback, useState } from "react";
import { AddToCartForm } from "@/components/cart/add-to-cart-form";
import { useListingAvailability } from "@/components/cart/live-availability";
import { NotifyMeForm } from "@/components/waitlist/notify-me-form";

/**
 * What a shopper can do with one shop's offer: "Add to cart" while a unit is free (or the
 * item is already theirs), "Notify me when it's back" once it is sold out. Follows the live
 * availability, so a unit freed while the page is open brings the button back. Once pressed,
 * "Add to cart" stays (its answer, "reserved until" or "not reserved", must not vanish because
 * the poll saw the last unit go while the press was on its way).
 */
export function OfferActions({ listingId, initialAvailable }: { listingId: string; initialAvailable: number }) {
  const { available, data } = useListingAvailability(listingId, initialAvailable);
  const [engaged, setEngaged] = useState(false);
  const onEngaged = useCallback(() => setEngaged(true), []);
  if (available <= 0 && !engaged && !data?.yours) {
    return <NotifyMeForm listingId={listingId} waiting={data?.waiting ?? false} />;
  }
  return <AddToCartForm listingId={listingId} available={available} onEngaged={onEngaged} />;
}
