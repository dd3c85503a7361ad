// `npm run test:faults`: the fault tests (test/faults), on real processes: a PostgreSQL the
// tests crash and restart, and the built app under `next start` that they kill. They need a
// build (NEXT_DIST_DIR, `.next` by default; made first when missing) and take a few minutes,
// so they run apart from the unit tests, one file at a time.
import { defineConfig } from "vitest/config";
// Vitest loads its own config before any alias exists: "@/vitest.config" fails at startup.
// eslint-disable-next-line no-restricted-imports
import unitTests from "./vitest.config";

export default defineConfig({
  // The unit tests' module aliases; not mergeConfig, which would also merge their include and setup lists.
  resolve: unitTests.resolve,
  test: {
    include: ["test/faults/*.fault.ts"],
    globalSetup: ["test/faults/global-setup.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
