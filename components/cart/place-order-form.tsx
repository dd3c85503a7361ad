"use client";

import Link from "next/link";
import { useActionState } from "react";
import { placeOrderAction, type PlaceOrderState } from "@/app/(shop)/checkout/actions";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { pluralize } from "@/lib/format";
import { routes } from "@/lib/routes";
import styles from "./cart.module.css";

/**
 * Places the order. The idempotency key comes from the server with the page, so a double
 * click or a retried request submits the same key and yields the same single order.
 */
export function PlaceOrderForm({ idempotencyKey }: { idempotencyKey: string }) {
  const [state, action, pending] = useActionState<PlaceOrderState, FormData>(placeOrderAction, null);
  const soldOut = state?.ok === false ? state.soldOut : undefined;

  return (
    <form action={action} className="stack">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {soldOut && soldOut.length > 0 ? (
        <section className={styles.soldOut} aria-labelledby="sold-out-title" data-testid="sold-out">
          <h2 id="sold-out-title">Sold out while in your cart</h2>
          <ul>
            {soldOut.map((line) => (
              <li key={line.cartItemId}>
                <strong>{line.productTitle}</strong>:{" "}
                {line.available > 0
                  ? `you wanted ${line.wanted}, only ${line.available} left`
                  : `you wanted ${line.wanted}, none left`}
              </li>
            ))}
          </ul>
          {state?.ok === false && state.reason === "sold-out" ? (
            <>
              <p>
                You can order the rest now; {soldOut.length === 1 ? "this item stays" : "these items stay"} in your cart, not
                reserved. Or go back and change your cart.
              </p>
              <div className={styles.choices}>
                <Button type="submit" name="continueWithoutSoldOut" value="yes" disabled={pending}>
                  Continue without {soldOut.length === 1 ? "it" : `these ${pluralize(soldOut.length, "item")}`}
                </Button>
                <Link href={routes.cart} className="button button--secondary">
                  Go back to the cart
                </Link>
              </div>
            </>
          ) : (
            <Link href={routes.cart} className="button button--secondary">
              Back to the cart
            </Link>
          )}
        </section>
      ) : (
        <Button type="submit" size="large" disabled={pending} data-testid="place-order">
          {pending ? "Placing your order…" : "Place order"}
        </Button>
      )}
      <FormStatus tone={state?.ok === false ? "error" : "info"}>
        {state?.ok === false ? (soldOut ? (state.reason === "nothing-left" ? state.message : null) : state.message) : null}
        {state?.ok === false && state.signIn ? (
          <>
            {" "}
            <Link href={`${routes.signIn}?callbackUrl=${encodeURIComponent(routes.checkout)}`}>Sign in</Link>
          </>
        ) : null}
      </FormStatus>
    </form>
  );
}
