"use server";
// The cart's actions: add, change quantity, remove. Each one runs one cart step (lib/cart);
// adding and changing a quantity run as one statement each (runAddToCart, runSetCartQuantity).
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { dropGateRefusals } from "@/lib/actions/messages";
import { removeFromCart, runAddToCart, runReserveCartLine, runSetCartQuantity } from "@/lib/cart/cart-lines";
import { addToCartSchema, cartLineSchema, setQuantitySchema } from "@/lib/cart/schemas";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";
import { runStep } from "@/lib/steps/run-step";
import type { LineHold } from "@/lib/stock/reserve-hold";

/** What a cart form shows after its submit: the line's hold, with the database's clock. */
export interface LineHoldView {
  status: LineHold["status"];
  wanted: number;
  held: number;
  available: number;
  expiresAt: string | null;
  now: string;
}

export type CartActionState = ActionResult<{ line?: LineHoldView; cartCount?: number }> | null;

const GONE = "That item is no longer available.";
const refusals = { "not-found": GONE, ...dropGateRefusals("add") } as const;

function view(line: LineHold): LineHoldView {
  return {
    status: line.status,
    wanted: line.wanted,
    held: line.held,
    available: line.available,
    expiresAt: line.expiresAt?.toISOString() ?? null,
    now: line.now.toISOString(),
  };
}

// The cart, the checkout summary and product pages (their "in your cart" and availability).
const cartPaths = () => [routes.cart, routes.checkout, [routes.product("[slug]"), "page"]] as const;

export const addToCartAction = defineAction<CartActionState>()({
  role: "customer",
  schema: addToCartSchema,
  run: (input, { user }) =>
    runAddToCart(db(), { userId: user.id, ...input, ttlMs: env().CART_HOLD_TTL, maxQuantity: env().CUSTOMER_UNITS_PER_LISTING }),
  refusals,
  // Nothing is revalidated: that would render the whole page into the answer (~11 KB) on the
  // hottest click of a launch. The answer is the line and the cart's count; the form refetches
  // the listing's live availability and updates the header's count, and the cart and checkout
  // pages are dynamic, so visiting them reads the new line.
  // The cart's count comes with the line, read in the same statement (cartUnits in lib/cart/cart-lines.ts).
  success: (result) => ({ line: view(result.line), cartCount: result.cartUnits }),
});

export const setQuantityAction = defineAction<CartActionState>()({
  role: "customer",
  schema: setQuantitySchema,
  run: (input, { user }) =>
    runSetCartQuantity(db(), { userId: user.id, ...input, ttlMs: env().CART_HOLD_TTL, maxQuantity: env().CUSTOMER_UNITS_PER_LISTING }),
  refusals,
  revalidate: cartPaths,
  success: (result, input) =>
    "removed" in result
      ? { message: "Removed from your cart." }
      : { message: quantityMessage(result.line, input.quantity), line: view(result.line) },
});

/** What is free for a line that is not (fully) reserved: "only 2 available". */
const freeNow = (available: number) => (available > 0 ? `only ${available} available` : "none available right now");

/** What a quantity change says: the quantity set (the per-customer cap may lower it) and how much of it is reserved. */
function quantityMessage(line: LineHold, asked: number): string {
  const set =
    line.wanted < asked ? `You can have at most ${line.wanted} of this item, so it is set to ${line.wanted}.` : "Quantity updated.";
  if (line.status === "reserved") return `${set} ${line.wanted === 1 ? "It is" : `All ${line.wanted} are`} reserved for you.`;
  const more = line.available > 0 ? `only ${line.available} more available` : "none more available right now";
  if (line.status === "partial") return `${set} Only ${line.held} of ${line.wanted} reserved for you: ${more}.`;
  return `${set} Not reserved: ${freeNow(line.available)}.`;
}

/** What "Reserve again" says: the line is a step's success whether or not units were free. */
function reserveAgainMessage(line: LineHold): string {
  if (line.status === "reserved") return "Reserved for you again.";
  if (line.status === "partial") return `Reserved ${line.held} of ${line.wanted}: only ${line.held} could be reserved.`;
  return `Still not reserved: ${freeNow(line.available)}.`;
}

export const reserveAgainAction = defineAction<CartActionState>()({
  role: "customer",
  schema: cartLineSchema,
  run: (input, { user }) =>
    runReserveCartLine(db(), {
      userId: user.id,
      cartItemId: input.cartItemId,
      ttlMs: env().CART_HOLD_TTL,
      maxQuantity: env().CUSTOMER_UNITS_PER_LISTING,
    }),
  refusals,
  revalidate: cartPaths,
  success: (result) => ({ message: reserveAgainMessage(result.line), line: view(result.line) }),
});

export const removeLineAction = defineAction<CartActionState>()({
  role: "customer",
  schema: cartLineSchema,
  run: (input, { user }) => runStep(db(), removeFromCart, { userId: user.id, cartItemId: input.cartItemId }),
  refusals,
  revalidate: cartPaths,
  success: () => ({ message: "Removed from your cart." }),
});
