"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formFields, type ActionResult } from "@/lib/action-result";
import { authorizeShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createListing } from "@/lib/listings/create-listing";
import { createListingSchema, type CreateListingFields } from "@/lib/listings/listing-schema";
import { checkPicture, type Picture } from "@/lib/listings/pictures";
import { routes } from "@/lib/routes";

export type NewListingState = ActionResult<object, CreateListingFields> & { existingListingId?: string } | null;

export async function createListingAction(_previous: NewListingState, formData: FormData): Promise<NewListingState> {
  const auth = await authorizeShopOwner();
  if (!auth.ok) return { ok: false, message: auth.message, fieldErrors: {} };

  const fields = formFields(formData);
  const parsed = createListingSchema.safeParse(fields);
  const fieldErrors: Partial<Record<CreateListingFields, string[]>> = parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
  let picture: Picture | null = null;
  const file = formData.get("picture");
  if (file instanceof File && file.size > 0) {
    const check = checkPicture(new Uint8Array(await file.arrayBuffer()));
    if (check.ok) picture = check.picture;
    else fieldErrors.picture = [check.message];
  }
  if (!parsed.success || fieldErrors.picture) {
    return { ok: false, message: "Please correct the marked fields.", fieldErrors };
  }

  // The lib parses the raw fields itself (parsing twice would read 49.90 as cents).
  const result = await createListing(db(), { shopId: auth.user.shop.id, actorId: auth.user.id, input: fields, picture });
  if (!result.ok) {
    const existingListingId = result.reason === "already-listed" ? result.listingId : undefined;
    return { ok: false, message: result.message, fieldErrors: result.fieldErrors, existingListingId };
  }
  revalidatePath(routes.dashboard);
  revalidatePath(routes.catalogue);
  revalidatePath(routes.product(result.productSlug));
  redirect(routes.dashboardListing(result.listingId));
}
