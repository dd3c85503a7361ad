// The client's address for abuse limits (sign-in, sign-up). Whoever can choose this value can
// reset their budget, so forwarding headers count only when TRUST_PROXY_HEADERS says a proxy
// in front sets them (on Vercel by default):
//   - the LAST X-Forwarded-For entry: the one our proxy appended or wrote (Vercel, nginx's
//     $proxy_add_x_forwarded_for, load balancers); entries before it are what the client sent;
//   - X-Real-IP when there is no X-Forwarded-For at all.
// Without a trusted proxy, the socket's peer address (stamped by the server itself, see
// peer-address.ts); a request that carries no stamp shares the one bucket "direct".
import { PEER_HEADER } from "@/lib/auth/peer-address";
import { env } from "@/lib/env";

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function read(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** Addresses are keys of counters: bounded, and nothing but what an address is made of. */
function normalize(value: string | undefined): string | undefined {
  const cleaned = value
    ?.trim()
    .toLowerCase()
    .replace(/^::ffff:/, "");
  return cleaned && /^[0-9a-f.:]{2,45}$/.test(cleaned) ? cleaned : undefined;
}

export function clientIp(headers: HeaderBag, trustProxyHeaders: boolean = env().TRUST_PROXY_HEADERS): string {
  if (trustProxyHeaders) {
    const forwarded = read(headers, "x-forwarded-for");
    const proxied = forwarded ? normalize(forwarded.split(",").at(-1)) : normalize(read(headers, "x-real-ip"));
    if (proxied) return proxied;
  }
  return normalize(read(headers, PEER_HEADER)) ?? "direct";
}
