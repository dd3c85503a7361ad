import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // lib/ files mark themselves server-only for Next; in tests they run in Node anyway.
      "server-only": path.resolve(import.meta.dirname, "scripts/vitest/server-only.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["scripts/vitest/global-setup.ts"],
    environment: "node",
    // Race tests hold many connections; two files at a time suit a 2-core machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
