import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // lib/ files mark themselves server-only for Next; in tests they run in Node anyway.
      "server-only": path.resolve(import.meta.dirname, "test/support/server-only.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    environment: "node",
    // Tests that make many slow (argon2) attempts under env().RATE_LIMIT_WINDOW must not
    // outlast a window: a window starts at a key's first attempt, but the sign-in pair's short
    // window is a tenth of it (a minute of the default 10), which 30 argon2 checks on a loaded
    // machine could come near. A day's window keeps their counts in one; the window logic
    // itself is tested with explicit rules and aged rows (lib/accounts/rate-limit.test.ts).
    env: { RATE_LIMIT_WINDOW: "1d" },
    // Race tests hold many connections; two files at a time suit a 2-core machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
