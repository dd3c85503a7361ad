// POSTs to a page are server actions (route handlers all live under /api, which the proxy does
// not see). Two kinds that Next.js refuses itself, but with a 500 that reads like our bug in a
// production log, are answered by the proxy first with the 4xx they are:
//   - a body over the server actions' limit (next.config.js bodySizeLimit), judged by its
//     Content-Length: 413. A chunked body without one passes untouched (the proxy never reads a
//     body), and Next.js still stops it at the limit as it reads, with its 500;
//   - a post whose Origin is another site's: 403. Next.js compares the Origin's host with
//     X-Forwarded-Host when the request has one, else with Host; we refuse every post it would
//     refuse, and, unless TRUST_PROXY_HEADERS says a proxy in front writes X-Forwarded-Host,
//     also one whose Origin matches only that header (a client may have written it).
// A post without an Origin passes, as Next.js lets it: browsers send one with every post.
import { NextResponse, type NextRequest } from "next/server";

/** next.config.js experimental.serverActions.bodySizeLimit ("3mb") in bytes; a test keeps the two in step. */
export const ACTION_BODY_LIMIT_BYTES = 3 * 1024 * 1024;

const plain = (status: number, text: string) =>
  new NextResponse(`${text}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

function hostOf(origin: string): string | null {
  if (origin === "null") return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function fromAnotherSite(request: NextRequest, trustProxyHeaders: () => boolean): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const originHost = hostOf(origin);
  const host = request.headers.get("host");
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || null;
  if (originHost === null || originHost !== (forwarded ?? host)) return true;
  return originHost !== host && !trustProxyHeaders();
}

/** The answer to a post Next.js would fail with a 500 (see above), or null to let it through. */
export function refuseActionPost(request: NextRequest, trustProxyHeaders: () => boolean): NextResponse | null {
  if (request.method !== "POST") return null;
  const length = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(length) && length > ACTION_BODY_LIMIT_BYTES)
    return plain(413, `Request body too large: a form may send at most ${ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MB.`);
  if (fromAnotherSite(request, trustProxyHeaders)) return plain(403, "Forbidden: this form was posted from another site.");
  return null;
}
