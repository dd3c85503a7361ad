"use client";

import { useCallback, useState } from "react";
import { AddToCartForm } from "@/components/cart/add-to-cart-form";
import { useListingAvailability } from "@/components/cart/live-availability";
import styles from "@/components/drops/drops.module.css";
import { lineHoldsBack, useDropPlace } from "@/components/drops/use-drop-place";
import { NotifyMeForm } from "@/components/waitlist/notify-me-form";
import type { DropPlaceView } from "@/lib/drops/place";

/**
 * What a shopper can do with one shop's offer: "Add to cart" while a unit is free (or the
 * item is already theirs), "Notify me when it's back" once it is sold out. Follows the live
 * availability, so a unit freed while the page is open brings the button back. Once pressed,
 * "Add to cart" stays (its answer, "reserved until" or "not reserved", must not vanish because
 * the poll saw the last unit go while the press was on its way).
 */
export function OfferActions({ listingId, initialAvailable, drop }: { listingId: string; initialAvailable: number; drop?: DropPlaceView }) {
  return drop ? (
    <DropOfferActions listingId={listingId} initialAvailable={initialAvailable} drop={drop} />
  ) : (
    <Offer listingId={listingId} initialAvailable={initialAvailable} />
  );
}

/**
 * An offer under a drop's line: while the line runs and it is not the viewer's turn, the
 * button gives way to where to go (the server refuses an add without a live admission anyway).
 */
function DropOfferActions({ listingId, initialAvailable, drop }: { listingId: string; initialAvailable: number; drop: DropPlaceView }) {
  const { data: place = drop } = useDropPlace(drop.dropId, drop);
  if (!lineHoldsBack(place)) return <Offer listingId={listingId} initialAvailable={initialAvailable} />;
  const when =
    place.turn.state === "over"
      ? "Your turn in the line is over."
      : place.phase === "open"
        ? "On sale from the start, to each in the line in turn."
        : "You can buy it when it's your turn.";
  return (
    <p className={styles.gate} data-testid="drop-gate">
      {when} <a href={`#drop-${place.dropId}`}>See the line</a>
    </p>
  );
}

function Offer({ listingId, initialAvailable }: { listingId: string; initialAvailable: number }) {
  const { available, data } = useListingAvailability(listingId, initialAvailable);
  const [engaged, setEngaged] = useState(false);
  const onEngaged = useCallback(() => setEngaged(true), []);
  if (available <= 0 && !engaged && !data?.yours) {
    return <NotifyMeForm listingId={listingId} waiting={data?.waiting ?? false} />;
  }
  return <AddToCartForm listingId={listingId} available={available} onEngaged={onEngaged} />;
}
