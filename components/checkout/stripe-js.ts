"use client";

import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";

// One Stripe.js per publishable key, loaded from js.stripe.com when first needed (Stripe
// requires it served from there; the CSP allows it only when a key is set). The `pure` entry:
// the package's main one would add Stripe's script to every page as soon as it is imported.
const stripeByKey = new Map<string, Promise<Stripe | null>>();

export function stripeFor(publishableKey: string): Promise<Stripe | null> {
  let loaded = stripeByKey.get(publishableKey);
  if (!loaded) {
    loaded = loadStripe(publishableKey);
    stripeByKey.set(publishableKey, loaded);
  }
  return loaded;
}
