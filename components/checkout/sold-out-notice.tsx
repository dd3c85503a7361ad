import Link from "next/link";
import styles from "@/components/checkout/checkout.module.css";
import { Button } from "@/components/ui/button";
import { pluralize } from "@/lib/format";
import type { SoldOutLine } from "@/lib/orders/place-order";
import { routes } from "@/lib/routes";

/**
 * Lines that sold out while in the cart. With something left to order, the customer may go on
 * without them (the same submission, now saying so) or go back to the cart.
 */
export function SoldOutNotice({ soldOut, canContinue, pending }: { soldOut: SoldOutLine[]; canContinue: boolean; pending: boolean }) {
  return (
    // The answer to the submission when lines sold out (the status stays empty then): focus comes here.
    <section className={styles.soldOut} aria-labelledby="sold-out-title" data-testid="sold-out" data-submit-answer tabIndex={-1}>
      <h2 id="sold-out-title">Sold out while in your cart</h2>
      <ul>
        {soldOut.map((line) => (
          <li key={line.cartItemId}>
            <strong>{line.productTitle}</strong>:{" "}
            {line.available > 0
              ? `you wanted ${line.wanted}, only ${line.available} left: to order ${line.available === 1 ? "it" : `those ${line.available}`}, change the quantity in your cart`
              : `you wanted ${line.wanted}, none left`}
          </li>
        ))}
      </ul>
      {canContinue ? (
        <>
          <p>
            You can order the other items in your cart now, without {soldOut.length === 1 ? "this one: it stays" : "these: they stay"} in
            your cart, not reserved. Or go back and change your cart.
          </p>
          <div className={styles.choices}>
            <input type="hidden" name="continueWithoutSoldOut" value="yes" />
            <Button type="submit" disabled={pending}>
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
  );
}
