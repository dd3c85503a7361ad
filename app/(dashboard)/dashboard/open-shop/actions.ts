"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formFields, type ActionResult } from "@/lib/action-result";
import { authorizeCustomer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { routes } from "@/lib/routes";
import { openShop } from "@/lib/shops/open-shop";
import { openShopSchema, type OpenShopInput } from "@/lib/shops/open-shop-schema";

export type OpenShopState = ActionResult<object, keyof OpenShopInput> | null;

export async function openShopAction(_previous: OpenShopState, formData: FormData): Promise<OpenShopState> {
  const parsed = openShopSchema.safeParse(formFields(formData));
  if (!parsed.success) {
    return { ok: false, message: "Please correct the marked fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const auth = await authorizeCustomer();
  if (!auth.ok) return { ok: false, message: auth.message, fieldErrors: {} };
  const result = await openShop(db(), auth.user.id, parsed.data);
  if (!result.ok) {
    // Opened in another tab a moment ago: the dashboard is where they wanted to go.
    if (result.reason === "has-shop") redirect(routes.dashboard);
    return { ok: false, message: result.message, fieldErrors: result.fieldErrors };
  }
  // The header of every page changes ("Open a shop" becomes "Dashboard").
  revalidatePath("/", "layout");
  redirect(routes.dashboard);
}
