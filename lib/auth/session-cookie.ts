// The session as next-auth's getServerSession() answers it, read straight from the cookie.
// getServerSession runs next-auth's whole request handler on every call: it makes a CSRF token,
// decodes the JWT (deriving its key), runs the callbacks, then encodes a fresh JWT (deriving the
// key again) for a cookie that a server component or action cannot set, and drops it. Measured
// with npm run bench:http, that was the larger part of what reading the session cost a request.
// Here: the same cookie, found by the name next-auth gives it, decoded by next-auth's own decode
// with the same secret, mapped by the same session callback (sessionClaims). A test holds the
// two to the same answers over valid, expired, forged, chunked and misnamed tokens.
import "server-only";
import { cookies, headers } from "next/headers";
import { decode } from "next-auth/jwt";
import { authOptions, sessionClaims, type SessionClaims } from "@/lib/auth/options";
import { env } from "@/lib/env";

/** The signed-in session's claims, or null: no cookie, or a token that does not decode. */
export async function readSession(): Promise<SessionClaims | null> {
  const jar = Object.fromEntries((await cookies()).getAll().map((cookie) => [cookie.name, cookie.value]));
  const token = joinedChunks(jar, `${(await secureSessionCookie()) ? "__Secure-" : ""}next-auth.session-token`);
  if (!token) return null;
  try {
    const decoded = await decode({ token, secret: authOptions.secret! });
    return decoded ? sessionClaims(decoded) : null;
  } catch {
    // Expired, forged or from another secret: signed out, as getServerSession answers it.
    return null;
  }
}

/**
 * Whether next-auth names the session cookie `__Secure-…`: when its URL is https. Its URL is
 * NEXTAUTH_URL; without one, on Vercel or with AUTH_TRUST_HOST, the request's forwarded host and
 * protocol (https unless it says http); otherwise http://localhost (next-auth's core/init.js,
 * utils/detect-origin.js and utils/parse-url.js, 4.24).
 */
async function secureSessionCookie(): Promise<boolean> {
  if (authOptions.useSecureCookies !== undefined) return authOptions.useSecureCookies;
  const { NEXTAUTH_URL, VERCEL, AUTH_TRUST_HOST } = env();
  if (NEXTAUTH_URL) return !NEXTAUTH_URL.startsWith("http") || NEXTAUTH_URL.startsWith("https://");
  if (!(VERCEL ?? AUTH_TRUST_HOST)) return false;
  return (await headers()).get("x-forwarded-proto") !== "http";
}

/** A cookie next-auth may have split into `name.0`, `name.1`, …: its parts in order (its SessionStore). */
function joinedChunks(jar: Record<string, string>, name: string): string {
  const suffix = (key: string) => parseInt(key.split(".").pop() ?? "0");
  return Object.keys(jar)
    .filter((key) => key.startsWith(name))
    .sort((a, b) => suffix(a) - suffix(b))
    .map((key) => jar[key])
    .join("");
}
