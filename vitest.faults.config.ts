// `npm run test:faults`: the fault tests (scripts/faults), on real processes: a PostgreSQL the
// tests crash and restart, and the built app under `next start` that they kill. They need a
// build (NEXT_DIST_DIR, `.next` by default; made first when missing) and take a few minutes,
// so they run apart from the unit tests, one file at a time.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "scripts/vitest/server-only.ts"),
    },
  },
  test: {
    include: ["scripts/faults/*.fault.ts"],
    globalSetup: ["scripts/faults/global-setup.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
