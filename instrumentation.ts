// Runs once when a server process starts (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Abuse limits key by the client's address; without a trusted proxy that is the socket's
  // peer, which Next.js does not expose: see lib/auth/peer-address.ts.
  const [{ installPeerAddressStamp }, http, https] = await Promise.all([
    import("./lib/auth/peer-address"),
    import("node:http"),
    import("node:https"),
  ]);
  installPeerAddressStamp(http);
  installPeerAddressStamp(https);
}
