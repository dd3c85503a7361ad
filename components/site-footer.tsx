import Link from "next/link";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <div>
          <strong>{env().SHOP_NAME}</strong>
          <p>Scarce things, fairly sold. What is in your cart is held for you.</p>
        </div>
        <nav aria-label="Footer">
          <Link href={routes.catalogue}>Catalogue</Link>
          <Link href={routes.cart}>Cart</Link>
          <Link href={routes.orders}>Orders</Link>
          <Link href={routes.dashboard}>Sell with us</Link>
        </nav>
      </div>
    </footer>
  );
}
