// Finishing what a signed-out shopper started: "Add to cart" and "Notify me when it's back"
// refuse a visitor with a sign-in link that carries `add=<listingId>` or `wait=<listingId>`
// (routes.signInToAdd, routes.signInToWait). The sign-in and sign-up pages keep it, and once
// the visitor is signed in, the item goes into the cart or onto the waitlist before they go
// back to where they were.
import { z } from "zod";
import { addToCartAction } from "@/lib/actions/cart";
import { joinWaitlistAction } from "@/lib/actions/waitlist";
import type { AfterSignIn } from "@/lib/routes";

export type { AfterSignIn };

const listingId = z.uuid();
const first = (raw: string | string[] | undefined) => (Array.isArray(raw) ? raw[0] : raw);

/** The `add` or `wait` search parameter when it names a listing; anything else is ignored. */
export function parseAfterSignIn(params: Record<string, string | string[] | undefined>): AfterSignIn | undefined {
  for (const kind of ["add", "wait"] as const) {
    const parsed = listingId.safeParse(first(params[kind]));
    if (parsed.success) return { kind, listingId: parsed.data };
  }
  return undefined;
}

/** What the way back says was done: `added=<listingId>` or `waiting=<listingId>`. */
const DONE = { add: "added", wait: "waiting" } as const;
export type AfterSignInDone = { done: (typeof DONE)[AfterSignIn["kind"]]; listingId: string };

/** The product page's side: what was done on the way back from signing in, if anything. */
export function parseAfterSignInDone(params: Record<string, string | string[] | undefined>): AfterSignInDone | undefined {
  for (const done of Object.values(DONE)) {
    const parsed = listingId.safeParse(first(params[done]));
    if (parsed.success) return { done, listingId: parsed.data };
  }
  return undefined;
}

/** What the sign-in and sign-up pages say the account is for. */
export function afterSignInPurpose(then: AfterSignIn | undefined): string | null {
  if (!then) return null;
  return then.kind === "add" ? "add this item to your cart" : "hear when this item is back: we'll reserve one for you";
}

/**
 * Does it for the now signed-in customer (adds quantity 1, as the Add to cart form posts it, or
 * joins the waitlist) and answers where to go: the callback, with `added=<listingId>` or
 * `waiting=<listingId>` when it was done. A refusal or an error still goes back: the product
 * page shows where things stand.
 */
export async function finishThenReturnTo(callbackUrl: string, then: AfterSignIn | undefined): Promise<string> {
  if (!then) return callbackUrl;
  const form = new FormData();
  form.set("listingId", then.listingId);
  try {
    if (then.kind === "add") form.set("quantity", "1");
    const result = then.kind === "add" ? await addToCartAction(null, form) : await joinWaitlistAction(null, form);
    if (!result?.ok) return callbackUrl;
  } catch {
    return callbackUrl;
  }
  // callbackUrl went through safeRedirectPath: a path of this site, which stays one.
  const url = new URL(callbackUrl, "https://this-site.invalid");
  url.searchParams.set(DONE[then.kind], then.listingId);
  return `${url.pathname}${url.search}${url.hash}`;
}
