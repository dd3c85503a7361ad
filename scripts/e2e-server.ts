// The system under test for Playwright: a real PostgreSQL (embedded in a temporary folder,
// or a fresh database on the DATABASE_URL server), migrated and seeded with the demo data,
// and two `next start` servers on it built by `next build` beforehand:
//   E2E_PORT      default settings (1 h cart holds)
//   E2E_PORT + 1  the same app with holds of E2E_FAST_HOLD_TTL (default 4s), for expiry tests
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureDatabaseExists } from "@/scripts/lib/database";
import { findFreePort, startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";
import { spawnNext, waitForHttp } from "@/scripts/lib/next-server";
import { applyMigrations } from "@/scripts/lib/schema-engine";
import { seedDemoData } from "@/scripts/seed";

const port = Number(process.env.E2E_PORT ?? 3100);
const fastHoldTtl = process.env.E2E_FAST_HOLD_TTL ?? "4s";

const cleanups: (() => Promise<unknown>)[] = [];
let url: string;
if (process.env.DATABASE_URL) {
  const admin = new URL(process.env.DATABASE_URL);
  const name = `storefront_e2e_${Date.now()}`;
  await ensureDatabaseExists(admin.toString(), name);
  admin.pathname = `/${name}`;
  url = admin.toString();
} else {
  const dir = await mkdtemp(path.join(os.tmpdir(), "storefront-e2e-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await findFreePort("postgres"), persistent: false });
  await ensureDatabaseExists(server.adminUrl, "storefront");
  url = server.urlFor("storefront");
  cleanups.push(
    () => server.stop(),
    () => rm(dir, { recursive: true, force: true }),
  );
}

const shared = {
  DATABASE_URL: url,
  CRON_SECRET: "e2e-cron-secret-0123456789",
  CONTACT_HMAC_SECRET: "e2e-contact-secret-0123456789",
  NEXTAUTH_SECRET: "e2e-nextauth-secret-0123456789",
  // Every browser signs up from 127.0.0.1: the per-address abuse limit would stop the race
  // specs, so it is raised here (the limits themselves are tested in lib/accounts).
  SIGN_UP_LIMIT_PER_IP: "100000",
  DROP_JOIN_LIMIT_PER_IP: "100000",
  SIGN_IN_LIMIT_PER_IP: "100000",
  // No mail service: the password-reset spec reads its link on the development outbox page.
  DEV_MAIL_PAGE: "1",
};

await applyMigrations(url);
// Where the specs find the database, to age rows (e2e/support/database.ts) instead of sleeping.
export const databaseFile = path.join(os.tmpdir(), `storefront-e2e-${port}.json`);
await writeFile(databaseFile, JSON.stringify({ databaseUrl: url }));
cleanups.push(() => rm(databaseFile, { force: true }));
// The demo users' contact claims must use the servers' key, or their emails could be taken again.
await seedDemoData(url, { force: false, contactSecret: shared.CONTACT_HMAC_SECRET });
// The fast one first: Playwright waits for the main port, and then both are up.
const fast = spawnNext({
  mode: "start",
  port: port + 1,
  label: "fast-expiry",
  env: { ...shared, CART_HOLD_TTL: fastHoldTtl, NEXTAUTH_URL: `http://localhost:${port + 1}` },
});
await waitForHttp(`http://localhost:${port + 1}/`);
const main = spawnNext({ mode: "start", port, label: "main", env: { ...shared, NEXTAUTH_URL: `http://localhost:${port}` } });

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of [main, fast]) child.kill("SIGTERM");
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
for (const child of [main, fast]) child.on("exit", (code) => void stop(code ?? 1));
