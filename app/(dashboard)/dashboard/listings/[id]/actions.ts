"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formFields, type ActionResult } from "@/lib/action-result";
import { authorizeShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { pluralize } from "@/lib/format";
import { adjustStockSchema, priceSchema, receiveStockSchema } from "@/lib/listings/listing-schema";
import { adjustListingStock, receiveListingStock, setListingActive, setListingPrice } from "@/lib/listings/manage-listing";
import { routes } from "@/lib/routes";

export type StockActionState = ActionResult | null;

const listingIdSchema = z.uuid();

// The listing id is bound by the page, but a bound argument comes back from the browser like
// any other input: ownership is decided by the lib function's WHERE clause, not by the page.
async function ownerScope(listingId: string) {
  const auth = await authorizeShopOwner();
  if (!auth.ok) return { ok: false as const, result: { ok: false as const, message: auth.message, fieldErrors: {} } };
  if (!listingIdSchema.safeParse(listingId).success) {
    return { ok: false as const, result: { ok: false as const, message: "This listing is not in your shop.", fieldErrors: {} } };
  }
  return { ok: true as const, scope: { shopId: auth.user.shop.id, actorId: auth.user.id, listingId } };
}

function revalidateListing(listingId: string) {
  revalidatePath(routes.dashboardListing(listingId));
  revalidatePath(routes.dashboard);
  revalidatePath(routes.catalogue);
  revalidatePath(routes.product("[slug]"), "page");
}

const invalid = (error: z.ZodError) => ({ ok: false as const, message: "Please correct the marked fields.", fieldErrors: z.flattenError(error).fieldErrors });

export async function receiveStockAction(listingId: string, _previous: StockActionState, formData: FormData): Promise<StockActionState> {
  const parsed = receiveStockSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const owner = await ownerScope(listingId);
  if (!owner.ok) return owner.result;
  const result = await receiveListingStock(db(), owner.scope, parsed.data.quantity, parsed.data.note);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: {} };
  revalidateListing(listingId);
  return { ok: true, message: `Received ${pluralize(parsed.data.quantity, "unit")}. On hand now: ${result.levels.onHand}.` };
}

export async function adjustStockAction(listingId: string, _previous: StockActionState, formData: FormData): Promise<StockActionState> {
  const parsed = adjustStockSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const owner = await ownerScope(listingId);
  if (!owner.ok) return owner.result;
  const result = await adjustListingStock(db(), owner.scope, parsed.data.delta, parsed.data.reason);
  if (!result.ok) {
    if (result.reason === "below-reserved") return { ok: false, message: "The count was not changed.", fieldErrors: { delta: [result.message] } };
    return { ok: false, message: result.message, fieldErrors: {} };
  }
  revalidateListing(listingId);
  return { ok: true, message: `Adjusted by ${parsed.data.delta > 0 ? "+" : ""}${parsed.data.delta}. On hand now: ${result.levels.onHand}.` };
}

const priceFormSchema = z.object({ price: priceSchema });

export async function setPriceAction(listingId: string, _previous: StockActionState, formData: FormData): Promise<StockActionState> {
  const parsed = priceFormSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const owner = await ownerScope(listingId);
  if (!owner.ok) return owner.result;
  const result = await setListingPrice(db(), owner.scope, parsed.data.price);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: {} };
  revalidateListing(listingId);
  return { ok: true, message: "Price updated." };
}

const activeSchema = z.object({ active: z.enum(["true", "false"]).transform((value) => value === "true") });

export async function setActiveAction(listingId: string, _previous: StockActionState, formData: FormData): Promise<StockActionState> {
  const parsed = activeSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const owner = await ownerScope(listingId);
  if (!owner.ok) return owner.result;
  const result = await setListingActive(db(), owner.scope, parsed.data.active);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: {} };
  revalidateListing(listingId);
  return { ok: true, message: parsed.data.active ? "The listing is on sale again." : "The listing is off the catalogue." };
}
