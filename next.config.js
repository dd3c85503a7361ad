/** @type {import('next').NextConfig} */
const nextConfig = {
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
};

export default nextConfig;
