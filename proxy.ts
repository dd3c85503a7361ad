// Runs before every page (Next.js 16's proxy, formerly middleware): gives the response its
// Content-Security-Policy with a fresh nonce, which Next.js reads from the request's copy of
// the header and puts on its own scripts; refuses a path with a NUL in it; and answers the
// server action posts Next.js would fail with a 500 (too large, from another site) with their
// 4xx (lib/security/action-posts.ts). Action posts go to page paths, so they pass through here.
//
// An action the app's JavaScript calls (a POST with the Next-Action header, which only fetch()
// can send: no navigation or form a browser makes carries it) is answered with React's payload,
// never a page a browser renders, so a policy would guard nothing there: after the checks it
// goes on untouched. Not copying every request header back into the request made such a call
// cheaper (npm run bench:http). A form posted before hydration has no such header and is
// answered with a page: it gets its policy like every page.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { refuseActionPost } from "@/lib/security/action-posts";
import { contentSecurityPolicy, newNonce } from "@/lib/security/headers";

export function proxy(request: NextRequest) {
  // A NUL in the path (/products/%00) names nothing, and PostgreSQL would refuse it as a
  // slug or id (a 500): answered here for every page.
  if (pathHasNul(request.nextUrl.pathname)) {
    return new NextResponse("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const refused = refuseActionPost(request, () => env().TRUST_PROXY_HEADERS);
  if (refused) return refused;
  if (isActionCall(request)) return NextResponse.next();
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, {
    development: process.env.NODE_ENV === "development",
    // Stripe.js and its frames, only when the browser collects cards for Stripe (STRIPE_PUBLISHABLE_KEY).
    stripe: Boolean(process.env.STRIPE_PUBLISHABLE_KEY),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

const pathHasNul = (pathname: string) => pathname.includes("%00") || pathname.includes("\u0000");

/** A server action called by fetch(), as Next.js tells one (a POST with the Next-Action header). */
const isActionCall = (request: NextRequest) => request.method === "POST" && request.headers.has("next-action");

export const config = {
  matcher: [
    {
      // Pages only: API routes answer JSON or images (with their own policy), and static
      // files need none; link prefetches get the policy with the page they prefetch.
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
