import type { Metadata } from "next";
import Link from "next/link";
import { CheckoutForm } from "@/components/checkout/checkout-form";
import styles from "@/components/checkout/checkout.module.css";
import { OrderSummary } from "@/components/checkout/order-summary";
import { describeCouponScope, describeCouponTerms } from "@/components/discounts/describe";
import { requireUser } from "@/lib/auth/session";
import { getCartView } from "@/lib/cart/cart-view";
import { listCustomerCoupons } from "@/lib/coupons/queries";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getWinnableSales } from "@/lib/flash-sales/queries";
import { formatMoney, pluralize } from "@/lib/format";
import { lastShippingAddress } from "@/lib/orders/order-queries";
import { paymentCollector } from "@/lib/payments/collector";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Checkout" };
export const dynamic = "force-dynamic";

function describeDuration(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 1) return pluralize(Math.round(hours), "hour");
  return pluralize(Math.max(1, Math.round(ms / 60_000)), "minute");
}

export default async function CheckoutPage() {
  const user = await requireUser(routes.checkout);
  const [cart, lastAddress, coupons] = await Promise.all([
    getCartView(db(), user.id),
    lastShippingAddress(db(), user.id),
    listCustomerCoupons(db(), user.id),
  ]);
  if (cart.lines.length === 0) {
    return (
      <div className="empty-state">
        <h1>Nothing to check out</h1>
        <p>Your cart is empty.</p>
        <Link href={routes.catalogue} className="button button--primary">
          Browse the catalogue
        </Link>
      </div>
    );
  }
  const address = lastAddress ?? { name: user.name, street: "", city: "", postalCode: "", country: "" };
  // Lines whose flash-sale price a checkout can still win: the pay button's note names them.
  const sales = await getWinnableSales(
    db(),
    cart.lines.map((line) => line.listingId),
  );
  const saleLines = cart.lines.flatMap((line) => {
    const sale = sales.get(line.listingId);
    return sale ? [{ name: line.productTitle, salePrice: formatMoney(sale.salePriceCents, sale.currency) }] : [];
  });
  const deadline = describeDuration(env().ORDER_PAYMENT_TTL);

  return (
    <div className="stack">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={routes.cart}>Cart</Link> / <span aria-current="page">Checkout</span>
      </nav>
      <div className="page-header">
        <h1>Checkout</h1>
      </div>
      <div className={styles.layout}>
        {/* A fresh key for every render of this page: one order per submission of it. */}
        <CheckoutForm
          idempotencyKey={crypto.randomUUID()}
          email={user.email}
          address={address}
          totalLabel={formatMoney(cart.subtotalCents, cart.currency)}
          totalCents={cart.subtotalCents}
          currency={cart.currency}
          collector={paymentCollector()}
          saleLines={saleLines}
          coupons={coupons
            .filter((coupon) => coupon.usable)
            .map((coupon) => ({
              code: coupon.code,
              label: `${describeCouponTerms(coupon.campaign)} ${describeCouponScope(coupon.campaign)}`,
            }))}
        />
        <OrderSummary
          cart={cart}
          deadlineNote={`If a card is declined, the order waits ${deadline} for another card; your items go back on sale meanwhile.`}
        />
      </div>
    </div>
  );
}
