// `npm run test:pooled`: the race, saga, coupon, flash-sale, waitlist and drop tests again, with
// every client going through PgBouncer in transaction mode (a pool smaller than the tests'
// clients, so server connections change hands between transactions), as a deployment behind a
// pooler would run. Databases are created and migrated directly on the server behind it
// (DIRECT_DATABASE_URL), as migrations must be.
//   tsx scripts/test-pooled.ts [-- more vitest arguments]
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { findFreePort, startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";
import { startPgBouncer } from "@/scripts/lib/pgbouncer";
import { projectRoot } from "@/scripts/lib/schema-engine";

/** The contended paths: every one runs its transactions through the pooler. */
export const POOLED_TEST_FILES = [
  "lib/stock/reserve-hold.test.ts",
  "lib/cart/cart-lines.test.ts",
  "lib/checkout/checkout-saga.test.ts",
  "lib/checkout/lease-fence.test.ts",
  "lib/coupons/coupons.test.ts",
  "lib/flash-sales/flash-sales.test.ts",
  "lib/waitlist/waitlist.test.ts",
  "lib/drops/drops.test.ts",
  "lib/accounts/sign-up.test.ts",
];

const vitestBin = path.join(path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");

async function main() {
  const started = Date.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), "storefront-pooled-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await findFreePort(), persistent: false });
  const admin = new URL(server.adminUrl);
  const bouncer = await startPgBouncer({
    dir: path.join(dir, "pgbouncer"),
    port: await findFreePort(),
    upstream: { host: admin.hostname, port: Number(admin.port), user: "postgres", password: "postgres" },
    // Per test database; each file's clients open 10 or more connections, so they share these.
    poolSize: 6,
    log: (line) => {
      if (/FATAL|ERROR/.test(line)) console.error(`[pgbouncer] ${line}`);
    },
  });
  console.log(`[pooled] PgBouncer ${bouncer.version} in transaction mode on port ${bouncer.port}, PostgreSQL on ${admin.port}`);
  const extra = process.argv.includes("--") ? process.argv.slice(process.argv.indexOf("--") + 1) : [];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [vitestBin, "run", ...POOLED_TEST_FILES, ...extra], {
      cwd: projectRoot,
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: bouncer.urlFor("postgres"), DIRECT_DATABASE_URL: server.adminUrl },
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (exitCode) => resolve(exitCode ?? 1));
  });
  const stats = await bouncer.stats().catch(() => null);
  if (stats) console.log(`[pooled] through PgBouncer: ${stats.transactions} transactions, ${stats.queries} statements`);
  await bouncer.stop();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
  console.log(
    `[pooled] ${POOLED_TEST_FILES.length} files through PgBouncer: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
