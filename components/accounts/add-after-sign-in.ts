// "Sign in to add this item": the sign-in and sign-up pages carry `add=<listingId>` (from the
// Add to cart refusal's link, routes.signInToAdd) and, once the visitor is signed in, put the
// item in the cart before going back to where they were.
import { z } from "zod";
import { addToCartAction } from "@/lib/actions/cart";
import { routes } from "@/lib/routes";

const listingId = z.uuid();

/** The `add` search parameter when it names a listing; anything else is ignored. */
export function parseAddParam(raw: string | string[] | undefined): string | undefined {
  const parsed = listingId.safeParse(Array.isArray(raw) ? raw[0] : raw);
  return parsed.success ? parsed.data : undefined;
}

/** /sign-in or /sign-up with the way back and, when there is one, the item to add. */
export function accountLink(page: "signIn" | "signUp", callbackUrl: string, add?: string): string {
  const params = new URLSearchParams({ callbackUrl });
  if (add) params.set("add", add);
  return `${routes[page]}?${params.toString()}`;
}

/**
 * Adds the listing (quantity 1, as the Add to cart form posts it) for the now signed-in
 * customer and answers where to go: the callback, with `added=<listingId>` when the item went
 * into the cart. A refusal or an error still goes back: the product page shows availability.
 */
export async function addThenReturnTo(callbackUrl: string, add: string | undefined): Promise<string> {
  if (!add) return callbackUrl;
  const form = new FormData();
  form.set("listingId", add);
  form.set("quantity", "1");
  try {
    const result = await addToCartAction(null, form);
    if (!result?.ok) return callbackUrl;
  } catch {
    return callbackUrl;
  }
  // callbackUrl went through safeRedirectPath: a path of this site, which stays one.
  const url = new URL(callbackUrl, "https://this-site.invalid");
  url.searchParams.set("added", add);
  return `${url.pathname}${url.search}${url.hash}`;
}
