// The security headers of every page. The Content-Security-Policy is per request (proxy.ts),
// because Next.js's own inline scripts are allowed by a nonce: pages are rendered per request
// here anyway (they read the session). The others (frame, sniffing, referrer, permissions)
// are the same for every response and sit in next.config.js headers().

/** A fresh, unguessable nonce for one response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * Scripts: only ours, by nonce, and what they load ('strict-dynamic'); no eval outside
 * development (React uses it there for error stacks). Styles: our own sheets and inline style
 * attributes (components set widths that way; attributes cannot carry a nonce, and a nonce
 * would switch 'unsafe-inline' off). Nothing may frame us; forms post only to us.
 *
 * With `stripe` (a publishable key is set), and only then, Stripe.js and its frames are
 * allowed as Stripe documents them: the script from js.stripe.com, its card and 3-D Secure
 * frames (js.stripe.com, hooks.stripe.com), and its calls to api.stripe.com.
 */
export function contentSecurityPolicy(nonce: string, { development = false, stripe = false } = {}): string {
  const stripeScripts = stripe ? " https://js.stripe.com https://*.js.stripe.com" : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${stripeScripts}${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${stripe ? " https://api.stripe.com" : ""}${development ? " ws: wss:" : ""}`,
    ...(stripe ? ["frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com"] : []),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
