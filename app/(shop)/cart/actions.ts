"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formFields, type ActionResult } from "@/lib/action-result";
import { authorizeCustomer } from "@/lib/auth/session";
import { addToCart, removeFromCart, setCartQuantity } from "@/lib/cart/cart-lines";
import { addToCartSchema, removeLineSchema, setQuantitySchema } from "@/lib/cart/schemas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { LineHold } from "@/lib/holds/reserve-hold";
import { routes } from "@/lib/routes";

/** What a cart form shows after its submit: the line's hold, with the database's clock. */
export interface LineHoldView {
  status: LineHold["status"];
  wanted: number;
  held: number;
  available: number;
  expiresAt: string | null;
  now: string;
}

export type CartActionState = (ActionResult<{ line?: LineHoldView }> & { signIn?: boolean }) | null;

const invalid = (error: z.ZodError): CartActionState => ({
  ok: false,
  message: "Please correct the marked fields.",
  fieldErrors: z.flattenError(error).fieldErrors,
});
const gone: CartActionState = { ok: false, message: "That item is no longer available.", fieldErrors: {} };

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

function revalidateCart() {
  revalidatePath(routes.cart);
  revalidatePath(routes.checkout);
  revalidatePath(routes.product("[slug]"), "page");
}

export async function addToCartAction(_previous: CartActionState, formData: FormData): Promise<CartActionState> {
  const parsed = addToCartSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const auth = await authorizeCustomer();
  if (!auth.ok) return { ok: false, message: auth.message, fieldErrors: {}, signIn: true };
  const result = await addToCart(db(), { userId: auth.user.id, ...parsed.data, ttlMs: env().CART_HOLD_TTL });
  if (!result.ok) return gone;
  revalidateCart();
  return { ok: true, line: view(result.line) };
}

export async function setQuantityAction(_previous: CartActionState, formData: FormData): Promise<CartActionState> {
  const parsed = setQuantitySchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const auth = await authorizeCustomer();
  if (!auth.ok) return { ok: false, message: auth.message, fieldErrors: {}, signIn: true };
  const result = await setCartQuantity(db(), { userId: auth.user.id, ...parsed.data, ttlMs: env().CART_HOLD_TTL });
  if (!result.ok) return gone;
  revalidateCart();
  if ("removed" in result) return { ok: true, message: "Removed from your cart." };
  return { ok: true, message: "Quantity updated.", line: view(result.line) };
}

export async function removeLineAction(_previous: CartActionState, formData: FormData): Promise<CartActionState> {
  const parsed = removeLineSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const auth = await authorizeCustomer();
  if (!auth.ok) return { ok: false, message: auth.message, fieldErrors: {}, signIn: true };
  const result = await removeFromCart(db(), { userId: auth.user.id, cartItemId: parsed.data.cartItemId });
  if (!result.ok) return gone;
  revalidateCart();
  return { ok: true, message: "Removed from your cart." };
}
