// The address of the socket a request came in on, for abuse limits when no proxy we trust
// stands in front (TRUST_PROXY_HEADERS off). Next.js does not expose it: `next start` only
// fills x-forwarded-for from the socket when the request did not bring one (`??=`), so that
// header is whatever the client wrote. So the server stamps every request, as it arrives,
// with a header of ours carrying the socket's address, overwriting any value a client sent;
// installed once per server process from instrumentation.ts (Node.js runtime only).
import type { IncomingMessage, Server } from "node:http";

export const PEER_HEADER = "x-storefront-peer-address";

const installed = Symbol.for("storefront.peer-address-stamp");

/** Sets PEER_HEADER on every request any http(s) server of this process receives from now on. */
export function installPeerAddressStamp(http: { Server: { prototype: Server } }): void {
  type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  const proto = http.Server.prototype as unknown as { emit: Emit; [installed]?: true };
  if (proto[installed]) return;
  const emit = proto.emit;
  proto.emit = function (this: Server, event, ...args) {
    if (event === "request") stampPeerAddress(args[0] as IncomingMessage);
    return emit.call(this, event, ...args);
  };
  proto[installed] = true;
}

export function stampPeerAddress(request: IncomingMessage): void {
  const address = request.socket?.remoteAddress;
  // Replaces, never appends: a client-sent value must not survive.
  if (address) request.headers[PEER_HEADER] = address.replace(/^::ffff:/, "");
  else delete request.headers[PEER_HEADER];
}
