// On every response, pages, API routes and static files alike; the per-request
// Content-Security-Policy comes from proxy.ts (lib/security/headers.ts).
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  reactStrictMode: true,
  // Native or Node-only packages stay out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg"],
  // Pictures ship in public/ or come from our own /api/images route: nothing to optimise
  // through a remote loader, and no sharp download.
  images: { unoptimized: true },
  poweredByHeader: false,
  // Lets parallel builds (several worktrees' e2e runs) keep separate outputs.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
  experimental: {
    // Product pictures (up to 2 MB, checked in lib/listings/pictures.ts) travel in the
    // new-listing server action; the default 1 MB would refuse them before our check.
    serverActions: { bodySizeLimit: "3mb" },
  },
};

export default nextConfig;
