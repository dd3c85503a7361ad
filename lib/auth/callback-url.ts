import { routes } from "../routes";

/** A same-site path to return to after signing in; anything else (other hosts, "//x") is ignored. */
export function safeCallbackUrl(raw: string | string[] | undefined | null, fallback: string = routes.home): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
