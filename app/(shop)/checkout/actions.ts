"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formFields, type ActionResult } from "@/lib/action-result";
import { authorizeCustomer } from "@/lib/auth/session";
import { placeOrderSchema } from "@/lib/orders/schemas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { placeOrder, type SoldOutLine } from "@/lib/orders/place-order";
import { routes } from "@/lib/routes";

export type PlaceOrderState =
  | (ActionResult & { reason?: "empty-cart" | "sold-out" | "nothing-left"; soldOut?: SoldOutLine[]; signIn?: boolean })
  | null;

export async function placeOrderAction(_previous: PlaceOrderState, formData: FormData): Promise<PlaceOrderState> {
  const parsed = placeOrderSchema.safeParse(formFields(formData));
  if (!parsed.success) {
    return { ok: false, message: "This form has expired. Please reload the page.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const auth = await authorizeCustomer();
  if (!auth.ok) return { ok: false, message: auth.message, fieldErrors: {}, signIn: true };

  const result = await placeOrder(db(), {
    userId: auth.user.id,
    idempotencyKey: parsed.data.idempotencyKey,
    continueWithoutSoldOut: parsed.data.continueWithoutSoldOut,
    cartTtlMs: env().CART_HOLD_TTL,
    paymentTtlMs: env().ORDER_PAYMENT_TTL,
  });
  if (!result.ok) {
    revalidatePath(routes.cart);
    switch (result.reason) {
      case "empty-cart":
        return { ok: false, reason: result.reason, message: "Your cart is empty.", fieldErrors: {} };
      case "nothing-left":
        return { ok: false, reason: result.reason, message: "Everything in your cart sold out while it was there.", fieldErrors: {}, soldOut: result.soldOut };
      case "sold-out":
        return { ok: false, reason: result.reason, message: "Sold out while in your cart", fieldErrors: {}, soldOut: result.soldOut };
    }
  }
  revalidatePath(routes.cart);
  revalidatePath(routes.orders);
  revalidatePath(routes.product("[slug]"), "page");
  redirect(routes.order(result.orderId));
}
