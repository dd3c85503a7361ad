// Runs once when a server process starts (Next.js instrumentation hook).
export async function register() {
  // Abuse limits key by the client's address; without a trusted proxy that is the socket's
  // peer, which Next.js does not expose: see lib/auth/peer-address.ts.
  if (process.env.NEXT_RUNTIME === "nodejs") await import("@/lib/auth/install-peer-address");
}
