"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useActionState, useEffect, useState, type FormEvent } from "react";
import { announceCartCount } from "@/components/cart/cart-link";
import styles from "@/components/cart/cart.module.css";
import { HoldCountdown, LocalClock } from "@/components/cart/hold-countdown";
import { availabilityQueryKey } from "@/components/cart/live-availability";
import { useSubmitFocus } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { addToCartAction, type CartActionState, type LineHoldView } from "@/lib/actions/cart";
import { routes } from "@/lib/routes";

interface AddToCartFormProps {
  listingId: string;
  /** Units free when the page rendered: a sold-out listing's button is secondary. */
  available: number;
  /** Called when the customer presses the button: the offer keeps this form (and its answer) from then on. */
  onEngaged?: () => void;
}

/** "Add to cart" for one listing; says at once whether the unit is reserved for you. */
export function AddToCartForm({ listingId, available, onEngaged }: AddToCartFormProps) {
  const [state, action, pending] = useActionState<CartActionState, FormData>(addToCartAction, null);
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const statusId = `add-to-cart-status-${listingId}`;
  // Focus follows the answer (it was on the button, which the pending state disabled):
  // keyboard and screen-reader users land on what happened, with "View cart" one Tab away.
  const trackSubmit = useSubmitFocus(state);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    trackSubmit(event);
    onEngaged?.();
  };

  useEffect(() => {
    if (!state?.ok) return;
    void queryClient.invalidateQueries({ queryKey: availabilityQueryKey(listingId) });
    if (state.cartCount !== undefined) announceCartCount(state.cartCount);
  }, [state, listingId, queryClient]);

  const refreshAvailability = () => void queryClient.invalidateQueries({ queryKey: availabilityQueryKey(listingId) });

  return (
    <form action={action} onSubmit={onSubmit} className={styles.addForm}>
      <input type="hidden" name="listingId" value={listingId} />
      <input type="hidden" name="quantity" value="1" />
      <Button type="submit" variant={available > 0 ? "primary" : "secondary"} size="small" disabled={pending} aria-describedby={statusId}>
        {pending ? "Adding…" : "Add to cart"}
      </Button>
      <p id={statusId} tabIndex={-1} role="status" aria-live="polite" className={styles.addStatus} data-testid="add-to-cart-status">
        {state?.ok === false ? (
          <span className={styles.problem}>
            {state.message} {state.signIn ? <Link href={routes.signInToAdd(pathname, listingId)}>Sign in to add it</Link> : null}
          </span>
        ) : null}
        {state?.ok && state.line ? (
          // A new result is a new hold: keyed so its "expired" state starts fresh.
          <HoldStatus key={`${state.line.now}`} line={state.line} onExpire={refreshAvailability} />
        ) : null}
      </p>
    </form>
  );
}

function HoldStatus({ line, onExpire }: { line: LineHoldView; onExpire: () => void }) {
  const [expired, setExpired] = useState(false);
  if (line.held > 0 && line.expiresAt && !expired) {
    return (
      <span className={styles.reserved} data-hold="reserved">
        {line.status === "reserved"
          ? line.wanted > 1
            ? `${line.wanted} reserved for you`
            : "Reserved for you"
          : `${line.held} of ${line.wanted} reserved for you`}{" "}
        until <LocalClock iso={line.expiresAt} /> ·{" "}
        <HoldCountdown
          expiresAt={line.expiresAt}
          serverNow={line.now}
          warning="Less than 5 minutes left on the item reserved in your cart."
          onExpire={() => {
            setExpired(true);
            onExpire();
          }}
        />{" "}
        · <Link href={routes.cart}>View cart</Link>
      </span>
    );
  }
  if (expired) {
    return (
      <span className={styles.notReserved} data-hold="expired">
        Your hold ran out; the item is still in your <Link href={routes.cart}>cart</Link>. Press Add to cart to reserve it again.
      </span>
    );
  }
  return (
    <span className={styles.notReserved} data-hold="not-reserved">
      In your cart, not reserved —{" "}
      {line.available > 0 ? `you want ${line.wanted}, only ${line.available} available.` : "none available right now."}{" "}
      <Link href={routes.cart}>View cart</Link>
    </span>
  );
}
