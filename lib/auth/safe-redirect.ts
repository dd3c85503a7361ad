import { routes } from "@/lib/routes";

// Where to send a visitor after signing in or up, from a `callbackUrl` anyone can write.
// Checking the string's first characters is not enough: browsers drop tabs, CR and LF inside
// URLs and read "\" as "/", so "/\t/evil.example" or "/\\evil.example" become "//evil.example",
// another site. So the value is parsed the way a browser parses it, against our own origin,
// and only a same-origin path, query and hash is kept, re-serialized (percent-encoded: no
// control character can reach a Location header).
const PLACEHOLDER_ORIGIN = "https://this-site.invalid";

export interface SafeRedirectOptions {
  /** The site's public origin (NEXTAUTH_URL): absolute URLs to it are allowed too. */
  origin?: string | undefined;
  fallback?: string;
}

export function safeRedirectPath(raw: string | string[] | undefined | null, options: SafeRedirectOptions = {}): string {
  const fallback = options.fallback ?? routes.home;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return fallback;
  let origin: string;
  try {
    origin = new URL(options.origin ?? PLACEHOLDER_ORIGIN).origin;
  } catch {
    origin = PLACEHOLDER_ORIGIN;
  }
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  // "/.//evil" normalises to the path "//evil", which a browser would read as a host again.
  const path = url.pathname.replace(/^\/{2,}/, "/");
  return `${path}${url.search}${url.hash}`;
}
