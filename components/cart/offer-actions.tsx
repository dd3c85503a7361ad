"use client";

import { useCallback, useState } from "react";
import { NotifyMeForm } from "@/components/waitlist/notify-me-form";
import { AddToCartForm } from "./add-to-cart-form";
import { useListingAvailability } from "./live-availability";

/**
 * What a shopper can do with one shop's offer: "Add to cart" while a unit is free (or the
 * item is already theirs), "Notify me when it's back" once it is sold out. Follows the live
 * availability, so a unit freed while the page is open brings the button back. An add that
 * has been answered keeps its form (and its "reserved until" or "not reserved" answer) even
 * if that add took the last unit.
 */
export function OfferActions({ listingId, initialAvailable }: { listingId: string; initialAvailable: number }) {
  const { available, data } = useListingAvailability(listingId, initialAvailable);
  const [answered, setAnswered] = useState(false);
  const onAnswered = useCallback(() => setAnswered(true), []);
  if (available <= 0 && !answered && !data?.yours) {
    return <NotifyMeForm listingId={listingId} waiting={data?.waiting ?? false} />;
  }
  return <AddToCartForm listingId={listingId} available={available} onAnswered={onAnswered} />;
}
