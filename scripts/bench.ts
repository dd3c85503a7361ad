// npm run bench: the contended operations side by side with what others do, every scenario in
// one process on a real PostgreSQL (a throw-away embedded server, or a fresh database on the
// DATABASE_URL server). Each strategy runs on identical fresh data, interleaved round by round
// (A B C A B C ...) so machine noise hits all alike; figures are medians over the rounds.
// Results go to bench-results/ (JSON, Markdown table, SVG chart). Compare runs on one machine
// and read the ratios.
//
//   --durable              fsync and synchronous_commit on (default: off, a throw-away database)
//   --verbose              a line per run as it ends
//   --only=hot-20,mixed    some scenarios: hot-stock hot-20 checkout-stock checkout-20 hot-1000
//                          coupons flash-sale mixed sign-ups drop-line
//   --strategies=project,pg-limit  some strategies: naive optimistic for-update function project pg-limit buckets
//   BENCH_OPS (2000)       buyers per hot-item run      BENCH_CONCURRENCY (64)   callers in flight
//   BENCH_CHECKOUT_OPS (200) buyers per whole-checkout run with stock for all
//   BENCH_ROUNDS (2)       interleaved rounds           BENCH_POOL (8)           connections
//   BENCH_BUCKETS (8)      rows per bucketed listing
//   BENCH_DROP_SHOPPERS (10000) the drop-line crowd    BENCH_DROP_UNITS (100)  its units
//   BENCH_DROP_RATE (600)  the line's admissions a minute (scenario drop-line: with and without a waiting room)
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createPrismaClient } from "@/lib/db/prisma";
import { setTransport } from "@/lib/notifications/transport";
import { openBenchDatabase } from "@/scripts/bench/database";
import { progress } from "@/scripts/bench/drive";
import { benchDropLine, dropLineTable, type DropLineResult } from "@/scripts/bench/drop-line";
import { markdownTable, summarize, svgChart, textTable } from "@/scripts/bench/report";
import { buildScenarios, type RunRecord } from "@/scripts/bench/scenarios";
import { BUCKETS_SQL, STRATEGIES, type BenchContext } from "@/scripts/bench/strategies";
import { createShop, type ShopFixture } from "@/test/support/cart-fixtures";
import { createTestUsers } from "@/test/support/fixtures";

const flag = (name: string) => process.argv.includes(`--${name}`);
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
};

const durable = flag("durable");
const verbose = flag("verbose");
const only = option("only")?.split(",");
const strategyIds = option("strategies")?.split(",");
const sizes = {
  ops: numberFrom("BENCH_OPS", 2000),
  concurrency: numberFrom("BENCH_CONCURRENCY", 64),
  checkoutOps: numberFrom("BENCH_CHECKOUT_OPS", 200),
  rounds: numberFrom("BENCH_ROUNDS", 2),
};
const poolSize = numberFrom("BENCH_POOL", 8);
const dropSizes = {
  shoppers: numberFrom("BENCH_DROP_SHOPPERS", 10_000),
  units: numberFrom("BENCH_DROP_UNITS", 100),
  admitPerMinute: numberFrom("BENCH_DROP_RATE", 600),
};
const bucketCount = numberFrom("BENCH_BUCKETS", 8);

async function main() {
  const started = performance.now();
  // Checkouts write notifications; delivering them to the log would print thousands of lines.
  setTransport({ send: async () => undefined });
  const database = await openBenchDatabase(durable);
  const prisma = createPrismaClient(database.url, poolSize);
  const pool = new pg.Pool({ connectionString: database.url, max: poolSize });
  const ctx: BenchContext = { prisma, pool, buckets: bucketCount };
  const records: RunRecord[] = [];
  try {
    await pool.query(BUCKETS_SQL);
    const shop: ShopFixture = await createShop(prisma, "Bench Goods");
    const buyers = await createTestUsers(prisma, Math.max(sizes.ops, 1000), "bench");
    const strategies = STRATEGIES.filter((s) => !strategyIds || strategyIds.includes(s.id));
    const scenarios = buildScenarios(
      strategies,
      sizes,
      () => shop,
      () => buyers,
    ).filter((s) => !only || only.includes(s.id));
    const header = [
      `bench: ${database.where}`,
      `PostgreSQL ${database.settings.server_version}: ${Object.entries(database.settings)
        .filter(([name]) => name !== "server_version")
        .map(([name, value]) => `${name}=${value}`)
        .join(", ")}`,
      `${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}; pool ${poolSize}; ${sizes.rounds} interleaved rounds; medians`,
    ];
    console.log(header.join("\n"));

    const bar = progress(scenarios.reduce((sum, s) => sum + s.rounds * s.strategies.length, 0));
    for (const scenario of scenarios) {
      for (let round = 1; round <= scenario.rounds; round++) {
        for (const strategy of scenario.strategies) {
          bar.step(`${scenario.id} · ${strategy.id} · round ${round}`);
          const result = await scenario.run(ctx, strategy, round);
          records.push(result);
          if (verbose) {
            const errors = Object.entries(result.errors)
              .map(([kind, n]) => `${n} ${kind}`)
              .join("; ");
            process.stderr.write(
              `  ${result.opsPerSecond}/s in ${result.seconds}s, p50 ${result.p50} p99 ${result.p99} ms, won ${result.won}, issued ${result.issued}/${result.limit}${errors ? `, errors: ${errors}` : ""}\n`,
            );
          }
        }
      }
    }
    bar.end();

    const summaries = summarize(scenarios, records);
    console.log(textTable(summaries));

    // The waiting room: a crowd of its own, through a drop's line and as an unqueued rush.
    let dropLine: DropLineResult | null = null;
    if (!only || only.includes("drop-line")) {
      process.stderr.write(`drop-line: ${dropSizes.shoppers.toLocaleString("en")} shoppers join, poll their place and buy, then rush\n`);
      const crowd = await createTestUsers(prisma, dropSizes.shoppers, "line");
      dropLine = await benchDropLine(prisma, shop, crowd, { ...dropSizes, concurrency: sizes.concurrency });
      console.log(`\n${dropLineTable(dropLine)}`);
    }
    const seconds = Math.round((performance.now() - started) / 1000);
    console.log(`\n${seconds}s in all. Ratios compare strategies within one run; absolute rates depend on the machine and its load.`);

    const dir = path.resolve(import.meta.dirname, "..", "bench-results");
    await mkdir(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const name = durable ? "bench-durable" : "bench";
    const json = {
      when: new Date().toISOString(),
      durable,
      database: database.where,
      settings: database.settings,
      cores: os.cpus().length,
      load: os.loadavg(),
      poolSize,
      sizes,
      summaries,
      records,
      dropLine,
    };
    await writeFile(path.join(dir, `${name}-${stamp}.json`), JSON.stringify(json, null, 2));
    await writeFile(path.join(dir, `${name}-latest.json`), JSON.stringify(json, null, 2));
    await writeFile(
      path.join(dir, `${name}-latest.md`),
      `${header.join("  \n")}\n${markdownTable(summaries)}\n${dropLine ? `\n${dropLineTable(dropLine)}\n` : ""}`,
    );
    await writeFile(path.join(dir, `${name}-latest.svg`), svgChart(summaries, header));
    console.log(`written: bench-results/${name}-latest.{json,md,svg} (and ${name}-${stamp}.json)`);

    const ours = summaries.filter((s) => s.strategy === "project");
    if (ours.some((s) => s.oversold > 0 || s.consistent === false)) {
      console.error("our strategy oversold or left counters that disagree with the ledger");
      process.exitCode = 1;
    }
  } finally {
    await pool.end();
    await prisma.$disconnect();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
