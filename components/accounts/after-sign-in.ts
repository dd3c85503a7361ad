// Finishing what a signed-out shopper started: "Add to cart", "Notify me when it's back" and
// "Join the line" refuse a visitor with a sign-in link that carries `add=<listingId>`,
// `wait=<listingId>` or `line=<dropId>` (routes.signInToAdd, signInToWait, signInToJoinLine).
// The sign-in and sign-up pages keep it, and once the visitor is signed in, the item goes into
// the cart, onto the waitlist or into the line before they go back to where they were.
import { z } from "zod";
import { addToCartAction } from "@/lib/actions/cart";
import { joinDropAction } from "@/lib/actions/drops";
import { joinWaitlistAction } from "@/lib/actions/waitlist";
import type { AfterSignIn } from "@/lib/routes";

export type { AfterSignIn };

const uuid = z.uuid();
const first = (raw: string | string[] | undefined) => (Array.isArray(raw) ? raw[0] : raw);

/** The `add`, `wait` or `line` search parameter when it names an id; anything else is ignored. */
export function parseAfterSignIn(params: Record<string, string | string[] | undefined>): AfterSignIn | undefined {
  for (const kind of ["add", "wait"] as const) {
    const parsed = uuid.safeParse(first(params[kind]));
    if (parsed.success) return { kind, listingId: parsed.data };
  }
  const line = uuid.safeParse(first(params.line));
  return line.success ? { kind: "line", dropId: line.data } : undefined;
}

/** What the way back says was done: `added=<listingId>` or `waiting=<listingId>` (a drop's panel shows its own place). */
const DONE = { add: "added", wait: "waiting" } as const;
export type AfterSignInDone = { done: (typeof DONE)[keyof typeof DONE]; listingId: string };

/** The product page's side: what was done on the way back from signing in, if anything. */
export function parseAfterSignInDone(params: Record<string, string | string[] | undefined>): AfterSignInDone | undefined {
  for (const done of Object.values(DONE)) {
    const parsed = uuid.safeParse(first(params[done]));
    if (parsed.success) return { done, listingId: parsed.data };
  }
  return undefined;
}

/** What the sign-in and sign-up pages say the account is for. */
export function afterSignInPurpose(then: AfterSignIn | undefined): string | null {
  if (!then) return null;
  if (then.kind === "line") return "join the line for this drop";
  return then.kind === "add" ? "add this item to your cart" : "hear when this item is back: we'll reserve one for you";
}

/**
 * Does it for the now signed-in customer (adds quantity 1, as the Add to cart form posts it,
 * joins the waitlist, or joins the drop's line) and answers where to go: the callback, with
 * `added=<listingId>` or `waiting=<listingId>` when it was done (a drop's panel shows the place
 * itself). A refusal or an error still goes back: the page shows where things stand.
 */
export async function finishThenReturnTo(callbackUrl: string, then: AfterSignIn | undefined): Promise<string> {
  if (!then) return callbackUrl;
  const form = new FormData();
  try {
    if (then.kind === "line") {
      form.set("dropId", then.dropId);
      await joinDropAction(null, form);
      return callbackUrl;
    }
    form.set("listingId", then.listingId);
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
