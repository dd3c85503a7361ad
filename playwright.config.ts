import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

// Debian's Chromium where it is installed (these machines and CI); Playwright's own browser
// (`npx playwright install chromium`) elsewhere. PLAYWRIGHT_CHROMIUM_PATH overrides both.
const systemChromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const launchOptions = systemChromium
  ? {
      executablePath: systemChromium,
      // Without these Chromium keeps calling home, which a closed network refuses.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions,
  },
  projects: [
    { name: "shoppers", testMatch: /(^|\/)(shop|catalogue|cart|checkout|account)[^/]*\.spec\.ts$/, use: { ...devices["Desktop Chrome"] } },
    { name: "owners", testMatch: /(^|\/)(owner|dashboard)[^/]*\.spec\.ts$/, use: { ...devices["Desktop Chrome"] } },
    // A crowd of browsers at once (a drop's line) starves whatever runs beside it on 2 cores:
    // it runs after the others, on its own.
    {
      name: "crowds",
      testMatch: /(^|\/)crowd-[^/]*\.spec\.ts$/,
      dependencies: ["shoppers", "owners"],
      use: { ...devices["Desktop Chrome"] },
    },
  ],
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `http://localhost:${port}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
