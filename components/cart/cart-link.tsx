"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { routes } from "@/lib/routes";

/** Dispatched on window with the cart's new unit count (e.g. by the add-to-cart form). */
export const CART_COUNT_EVENT = "cart-count";

export function announceCartCount(count: number): void {
  window.dispatchEvent(new CustomEvent<number>(CART_COUNT_EVENT, { detail: count }));
}

/** The header's cart link. Its count follows the server's render and, between renders, the cart actions' answers. */
export function CartLink({ count }: { count: number }) {
  const [shown, setShown] = useState(count);
  const [rendered, setRendered] = useState(count);
  if (rendered !== count) {
    // A fresh server render knows best.
    setRendered(count);
    setShown(count);
  }
  useEffect(() => {
    const update = (event: Event) => setShown((event as CustomEvent<number>).detail);
    window.addEventListener(CART_COUNT_EVENT, update);
    return () => window.removeEventListener(CART_COUNT_EVENT, update);
  }, []);
  return (
    <Link href={routes.cart} className="cart-link" aria-label={`Cart, ${shown} ${shown === 1 ? "item" : "items"}`}>
      Cart
      <span className="cart-count" data-empty={shown === 0} data-testid="cart-count">
        {shown}
      </span>
    </Link>
  );
}
