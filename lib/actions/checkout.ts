"use server";
// The checkout: contact, address and the card's token in (never its number), one checkout
// saga run (lib/checkout), and the customer lands on the order page, which shows how the
// payment went (and asks for the bank's check when the bank wants one).
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction, INVALID_INPUT } from "@/lib/actions/define-action";
import { couponRefusalMessage, dropGateLinesMessage } from "@/lib/actions/messages";
import { orderPaths } from "@/lib/actions/order-paths";
import { checkoutOptions } from "@/lib/checkout/config";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { checkCheckoutCoupon } from "@/lib/coupons/redeem";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { pluralize } from "@/lib/format";
import type { SoldOutLine } from "@/lib/orders/place-order";
import { checkoutSchema, type CheckoutField } from "@/lib/orders/schemas";
import { routes } from "@/lib/routes";

export type CheckoutState = ActionResult<object, CheckoutField, { soldOut: SoldOutLine[] }> | null;

export const checkoutAction = defineAction<CheckoutState>()({
  role: "customer",
  schema: checkoutSchema,
  run: async (input, { user }) => {
    // A chosen coupon that cannot be used stops the checkout before anything is charged.
    const coupon = await checkCheckoutCoupon(db(), { userId: user.id, code: input.couponCode });
    if (!coupon.ok) return coupon;
    return startCheckout(
      db(),
      {
        userId: user.id,
        ...input,
        cartTtlMs: env().CART_HOLD_TTL,
        paymentTtlMs: env().ORDER_PAYMENT_TTL,
        customerLimits: { unitsPerListing: env().CUSTOMER_UNITS_PER_LISTING, unpaidOrders: env().CUSTOMER_UNPAID_ORDERS },
      },
      checkoutOptions(),
    );
  },
  refusals: {
    "empty-cart": "Your cart is empty.",
    "nothing-left": ({ soldOut }) => ({ message: "Everything in your cart sold out while it was there.", extra: { soldOut } }),
    "sold-out": ({ soldOut }) => ({ message: "Sold out while in your cart", extra: { soldOut } }),
    "payment-in-progress": "A payment for this order is already under way. Your orders page shows how it went.",
    "too-many-unpaid": ({ unpaid }) =>
      `You already have ${pluralize(unpaid, "order")} awaiting payment. Pay or cancel one on your orders page before placing another.`,
    "over-customer-limit": ({ limit, lines }) =>
      `You can have at most ${pluralize(limit, "unit")} of one product awaiting payment: ${lines
        .map((line) => `${line.productTitle} (${line.wanted} in your cart, ${line.awaitingPayment} in unpaid orders)`)
        .join(", ")}. Lower the quantity in your cart, or pay or cancel your earlier order first.`,
    "coupon-refused": ({ coupon }) => ({ message: INVALID_INPUT, fieldErrors: { couponCode: [couponRefusalMessage(coupon)] } }),
    "drop-join-line": ({ lines }) => dropGateLinesMessage("drop-join-line", "checkout", lines),
    "drop-wait-turn": ({ lines }) => dropGateLinesMessage("drop-wait-turn", "checkout", lines),
    "drop-turn-ended": ({ lines }) => dropGateLinesMessage("drop-turn-ended", "checkout", lines),
  },
  // The cart emptied, stock moved, the order and maybe a notification appeared.
  revalidate: (result) => [routes.cart, ...orderPaths(result.orderId)],
  success: (result) => redirect(routes.order(result.orderId)),
});
