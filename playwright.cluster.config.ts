// `npm run test:cluster`: browsers against `npm run cluster`'s topology (scripts/lib/cluster.ts),
// started by the global setup: a primary and a streaming replica, PgBouncer in transaction
// mode, three `next start` instances and nginx in front. It serves the build test:e2e made
// (NEXT_DIST_DIR, `.next` by default) and builds only when there is none.
import { defineConfig, devices } from "@playwright/test";
import baseConfig from "@/playwright.config";

export default defineConfig({
  testDir: "e2e/cluster",
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One spec at a time: its browsers already fill the 2 cores the cluster runs on.
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  globalSetup: "e2e/cluster/global-setup.ts",
  use: { trace: "retain-on-failure", launchOptions: baseConfig.use?.launchOptions ?? {}, ...devices["Desktop Chrome"] },
});
