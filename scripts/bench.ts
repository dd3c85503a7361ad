// npm run bench: throughput and latency of the contended operations, through the same lib/
// functions the app and the race tests call, on a real PostgreSQL (a throw-away embedded
// server, or a fresh database on the DATABASE_URL server). Numbers depend on the machine:
// compare runs on one machine, and read the ratios.
//   BENCH_CONCURRENCY (64)  concurrent callers      BENCH_POOL (8)  connections
//   BENCH_OPS (2000)        calls per scenario
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { auditInvariants, formatAuditReport } from "../lib/audit/audit";
import { addToCart } from "../lib/cart/cart-lines";
import { sweepExpiredHolds } from "../lib/holds/expire-holds";
import { createListing } from "../lib/listings/create-listing";
import { placeOrder } from "../lib/orders/place-order";
import { createPrismaClient, type Db } from "../lib/prisma";
import { ensureDatabaseExists } from "./lib/database";
import { findFreePort, startEmbeddedPostgres } from "./lib/embedded-postgres";
import { applyMigrations } from "./lib/schema-engine";
import { createTestOwner, createTestUsers } from "./vitest/fixtures";
import { HOUR } from "./vitest/time";
import { runStep } from "../lib/steps/run-step";

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
const pool = Number(process.env.BENCH_POOL ?? 8);
const ops = Number(process.env.BENCH_OPS ?? 2000);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

interface Row {
  scenario: string;
  calls: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  outcome: string;
}
const rows: Row[] = [];

/** Runs `calls` calls of `fn(i)` with at most `concurrency` in flight; records latencies. */
async function measure<T>(scenario: string, calls: number, fn: (i: number) => Promise<T>, describe: (results: T[]) => string) {
  const latencies: number[] = [];
  const results: T[] = new Array(calls);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, calls) }, async () => {
      while (next < calls) {
        const i = next++;
        const t0 = performance.now();
        results[i] = await fn(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  rows.push({ scenario, calls, seconds: +seconds.toFixed(2), perSecond: Math.round(calls / seconds), p50: at(0.5), p95: at(0.95), p99: at(0.99), outcome: describe(results) });
}

async function listing(prisma: Db, shopId: string, actorId: string, model: string, stock: number): Promise<string> {
  const input = { shopId, actorId, brand: "Bench", model, variant: "", description: "", price: 1990, initialStock: stock };
  const created = await runStep(prisma, createListing, input);
  if (!created.ok) throw new Error(`bench listing failed: ${created.reason}`);
  return created.listingId;
}

async function run(prisma: Db) {
  const owner = await createTestOwner(prisma, "Bench Goods");
  const customers = await createTestUsers(prisma, ops, "bench");

  // 1. One hot listing with stock for everyone: pure contention on one row.
  const hot = await listing(prisma, owner.shopId, owner.userId, "Hot", ops);
  await measure("add to cart, one hot listing, all succeed", ops, (i) =>
    runStep(prisma, addToCart, { userId: customers[i]!, listingId: hot, quantity: 1, ttlMs: HOUR }),
    (results) => `${results.filter((r) => r.ok && r.line.status === "reserved").length} reserved`);

  // 2. The flash-sale shape: far more buyers than units.
  const scarce = await listing(prisma, owner.shopId, owner.userId, "Scarce", 20);
  await measure("add to cart, 20 units, every customer races", ops, (i) =>
    runStep(prisma, addToCart, { userId: customers[i]!, listingId: scarce, quantity: 1, ttlMs: HOUR }),
    (results) => {
      const reserved = results.filter((r) => r.ok && r.line.status === "reserved").length;
      if (reserved !== 20) throw new Error(`oversold or undersold: ${reserved} reserved of 20`);
      return `${reserved} reserved, ${results.length - reserved} not reserved`;
    });

  // 3. Every customer turns the cart (one reserved line, one not) into an order.
  await measure("place order (idempotent, re-reserving)", ops, (i) =>
    runStep(prisma, placeOrder, { userId: customers[i]!, idempotencyKey: `bench-${i}`, continueWithoutSoldOut: true, cartTtlMs: HOUR, paymentTtlMs: HOUR }),
    (results) => `${results.filter((r) => r.ok).length} orders`);

  // 4. Expiry: a crowd of cart holds that ran out, tidied by the sweep in batches. The holds
  // are made with a long TTL and then aged in one UPDATE: with a short TTL, the buyers' own
  // lazy expiry (I3) would free most of them before the sweep got there.
  const expiring = await listing(prisma, owner.shopId, owner.userId, "Expiring", ops);
  const more = await createTestUsers(prisma, ops, "bench-expiring");
  await Promise.all(more.map((userId) => runStep(prisma, addToCart, { userId, listingId: expiring, quantity: 1, ttlMs: HOUR })));
  await prisma.$executeRaw`UPDATE holds SET expires_at = now() - interval '1 second' WHERE listing_id = ${expiring}::uuid AND status = 'ACTIVE'`;
  const t0 = performance.now();
  const swept = await sweepExpiredHolds(prisma, { batchSize: 500, maxBatches: 100 });
  const seconds = (performance.now() - t0) / 1000;
  rows.push({ scenario: "sweep expired holds (batches of 500)", calls: swept.expiredHolds, seconds: +seconds.toFixed(2), perSecond: Math.round(swept.expiredHolds / seconds), p50: 0, p95: 0, p99: 0, outcome: `${swept.batches} batches` });

  const report = await auditInvariants(prisma);
  console.log(formatAuditReport(report));
  if (!report.ok) process.exitCode = 1;
}

async function main() {
  const cleanups: (() => Promise<unknown>)[] = [];
  let url: string;
  if (process.env.DATABASE_URL) {
    const target = new URL(process.env.DATABASE_URL);
    const name = `storefront_bench_${Date.now()}`;
    await ensureDatabaseExists(target.toString(), name);
    target.pathname = `/${name}`;
    url = target.toString();
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), "storefront-bench-"));
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await findFreePort(), persistent: false });
    await ensureDatabaseExists(server.adminUrl, "bench");
    url = server.urlFor("bench");
    cleanups.push(() => server.stop(), () => rm(dir, { recursive: true, force: true }));
  }
  await applyMigrations(url);
  const prisma = createPrismaClient(url, pool);
  console.log(`bench: ${ops} calls per scenario, ${concurrency} concurrent callers, pool of ${pool}, ${os.cpus().length} cores`);
  try {
    await run(prisma);
  } finally {
    await prisma.$disconnect();
    for (const cleanup of cleanups) await cleanup();
    clearInterval(sampler);
  }
  console.table(rows);
  console.log(`peak RSS of the bench process: ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
