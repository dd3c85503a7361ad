import type { Metadata } from "next";
import Link from "next/link";
import { CartLine, type CartLineProps } from "@/components/cart/cart-line";
import styles from "@/components/cart/cart.module.css";
import { ButtonLink } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/session";
import { getCartView } from "@/lib/cart/cart-view";
import { db } from "@/lib/db/client";
import { getWinnableSales } from "@/lib/flash-sales/queries";
import { formatMoney, pluralize } from "@/lib/format";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Your cart" };
export const dynamic = "force-dynamic";

export default async function CartPage() {
  const user = await requireUser(routes.cart);
  const cart = await getCartView(db(), user.id);
  const serverNow = cart.now.toISOString();
  // Live sales with slots left: the line says its sale price is won at checkout, first come.
  const sales = await getWinnableSales(
    db(),
    cart.lines.map((line) => line.listingId),
  );
  const lines: CartLineProps[] = cart.lines.map(({ listingId, listingActive: _listingActive, ...line }) => ({
    ...line,
    sale: sales.get(listingId),
    expiresAt: line.expiresAt?.toISOString() ?? null,
    serverNow,
  }));
  // Counted in units, as the subtotal is: a line of 5 with 1 held leaves 4 to reserve.
  const unreserved = lines.reduce((sum, line) => sum + Math.max(0, line.quantity - line.held), 0);

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Your cart</h1>
          <p className="muted">
            What you add is reserved for you for a while; an item whose hold ran out stays here and is reserved again when you check out, if
            it is still there.
          </p>
        </div>
      </div>

      {lines.length === 0 ? (
        <div className="empty-state">
          <h2>Your cart is empty</h2>
          <p>Find something scarce before someone else does.</p>
          <Link href={routes.catalogue} className="button button--primary">
            Browse the catalogue
          </Link>
        </div>
      ) : (
        <>
          <ul className={styles.lines} aria-label="Cart items">
            {lines.map((line) => (
              <CartLine key={line.id} line={line} />
            ))}
          </ul>
          <div className={styles.summary}>
            <div>
              <span className="muted">{pluralize(cart.itemCount, "item")} · Subtotal </span>
              <span className={styles.total} data-testid="cart-subtotal">
                {formatMoney(cart.subtotalCents, cart.currency)}
              </span>
              {unreserved > 0 ? (
                <p className="muted">
                  {pluralize(unreserved, "unit is", "units are")} not reserved: checking out tries to reserve{" "}
                  {unreserved === 1 ? "it" : "them"}.
                </p>
              ) : null}
            </div>
            <ButtonLink href={routes.checkout} size="large">
              Go to checkout
            </ButtonLink>
          </div>
        </>
      )}
    </div>
  );
}
