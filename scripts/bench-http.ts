// npm run bench:http: the app over HTTP, as browsers reach it, and what one request costs.
// A throw-away embedded PostgreSQL with the demo data, `next start` on loopback (built into
// .next-bench the first time, or with --build), and autocannon against add-to-cart through its
// real server action, beside yardsticks in the same build (app/bench: a no-op action sent past
// the proxy and through it, and one that only reads the session), then pages and routes. Every
// target is warmed, then measured in interleaved rounds (scripts/bench/http-load.ts). Then the
// same add-to-cart function called directly, in this process, on a listing of its own.
//
// --cluster: the production topology instead (scripts/lib/cluster.ts): nginx in front of 1 and
// of 3 instances, each through PgBouncer and straight to the primary; add-to-cart, a product
// page and the availability route, with each instance's memory.
//
//   --build                     rebuild even when .next-bench exists
//   --compare=.next-before      also serve another build (made with NEXT_DIST_DIR=.next-before
//                               next build, e.g. at the commit before a change) on the same
//                               database, and measure both, interleaved: a before/after in one run
//   BENCH_HTTP_SECONDS (5)      per round and target   BENCH_HTTP_ROUNDS (3)   interleaved rounds
//   BENCH_HTTP_WARMUP (3)       seconds per target before the rounds
//   BENCH_HTTP_CONNECTIONS (32) concurrent connections
//   BENCH_HTTP_MAX_OTHERS (20)  % of the machine other programs may take before a round is measured again
//   BENCH_HTTP_CUSTOMERS (3000) signed-in customers taking turns on the actions
//   BENCH_HTTP_LINE (10000)     shoppers waiting in a drop's line, polling their place
//   BENCH_HTTP_ONLY="add-to-cart|no-op"  only the targets whose title contains one of these
//   BENCH_HTTP_PROFILE=1        the server writes a CPU profile (.cpuprofile) into bench-results/
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runAddToCart } from "@/lib/cart/cart-lines";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { openBenchDatabase } from "@/scripts/bench/database";
import { drive } from "@/scripts/bench/drive";
import {
  actionIds,
  appEnv,
  checkRequests,
  loadBenchData,
  selectTargets,
  startOnCluster,
  startSingle,
  targets,
  TITLES,
  type BenchData,
  type Topology,
} from "@/scripts/bench/http-app";
import {
  interleave,
  loadAverage,
  loadSettingsFromEnv,
  waitForQuietMachine,
  type Target,
  type TargetSummary,
} from "@/scripts/bench/http-load";
import { findFreePort } from "@/scripts/lib/embedded-postgres";
import { runNextBuild } from "@/scripts/lib/next-server";
import { projectRoot } from "@/scripts/lib/schema-engine";
import { createShop } from "@/test/support/cart-fixtures";
import { createTestUsers } from "@/test/support/fixtures";
import { HOUR } from "@/test/support/time";

const settings = loadSettingsFromEnv();
const customerCount = Number(process.env.BENCH_HTTP_CUSTOMERS ?? 3000);
const lineCount = Number(process.env.BENCH_HTTP_LINE ?? 10_000);
const distDir = ".next-bench";

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : "-");

function resultTable(results: TargetSummary[], instanceLabels: string[]): string[] {
  return [
    `| target | requests/s (median of ${settings.rounds}; rounds) | p50 ms | p99 ms | errors | non-2xx | bytes/answer | app CPU ms/answer | database CPU ms/answer | peak RSS MiB (${instanceLabels.join(", ")}) | load 1-min | others' CPU % |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${r.target} | ${fmt(r.requestsPerSecond)} (${r.rounds.map((x) => x.requestsPerSecond).join(", ")}) | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${fmt(r.bytesPerResponse)} | ${fmt(r.appCpuMs, 2)} | ${fmt(r.restCpuMs, 2)} | ${r.peakRssMiB.join(", ")} | ${r.rounds.map((x) => x.load1.toFixed(1)).join(", ")} | ${r.rounds.map((x) => x.othersPercent.toFixed(0)).join(", ")}${r.repeated ? ` (${r.repeated} round${r.repeated > 1 ? "s" : ""} repeated)` : ""} |`,
    ),
  ];
}

/** Add-to-cart against the yardsticks, and where its time goes (the app's CPU per answer, step by step). */
function yardstickLines(results: TargetSummary[], label = ""): string[] {
  const get = (title: string) => results.find((r) => r.target === `${label}${title}`);
  const [past, through, session, add] = [get(TITLES.noopPast), get(TITLES.noopThrough), get(TITLES.session), get(TITLES.addToCart)];
  if (!past || !through || !session || !add) return [];
  const steps: [string, TargetSummary, TargetSummary | null][] = [
    ["Next.js: routing, decoding the body, encoding the answer (no-op, past the proxy)", past, null],
    ["+ the proxy (proxy.ts: the action-post checks; pages get their CSP)", through, past],
    ["+ the session (token decode, the user's row)", session, through],
    ["+ the cart (runAddToCart: the add and the cart's count, one statement)", add, session],
  ];
  const target = add.requestsPerSecond / past.requestsPerSecond;
  return [
    "| action | requests/s | add-to-cart vs it | app CPU ms/answer | step's app CPU ms | database CPU ms/answer |",
    "| --- | --- | --- | --- | --- | --- |",
    ...steps.map(
      ([label, r, previous]) =>
        `| ${label} | ${fmt(r.requestsPerSecond)} | ${ratio(add.requestsPerSecond, r.requestsPerSecond)} | ${fmt(r.appCpuMs, 2)} | ${previous ? `+${fmt(r.appCpuMs - previous.appCpuMs, 2)}` : fmt(r.appCpuMs, 2)} | ${fmt(r.restCpuMs, 2)} |`,
    ),
    "",
    `${label}target: add-to-cart >= 0.6x the no-op action past the proxy: ${target.toFixed(2)}x, ${target >= 0.6 ? "met" : "NOT met"}`,
  ];
}

async function writeResults(name: string, lines: string[], json: object) {
  console.log(lines.join("\n"));
  const dir = path.join(projectRoot, "bench-results");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.md`), `${lines.join("\n")}\n`);
  await writeFile(path.join(dir, `${name}.json`), JSON.stringify({ when: new Date().toISOString(), settings, ...json }, null, 2));
  console.log(`written: bench-results/${name}.{md,json}`);
}

/**
 * The same crowd with and without the line, over HTTP: without it, every shopper's add-to-cart
 * waits its turn on the server's connections at the action's rate; with it, every shopper's
 * answer is a place (the place route's rate), and buying waits for the turn.
 */
function dropLineComparison(results: TargetSummary[], data: BenchData, admitted: number, label = ""): string[] {
  const action = results.find((r) => r.target === `${label}${TITLES.addToCart}`);
  const place = results.find((r) => r.target.startsWith(`${label}GET drop place`));
  const crowd = data.drop?.cookies.length ?? 0;
  if (!action || !place || crowd === 0) return [];
  return [
    `drop line: ${fmt(crowd)} shoppers polling their place got ${place.requestsPerSecond}/s answers (p99 ${place.p99} ms, ${fmt(place.appCpuMs, 2)} ms app CPU each) while ${admitted} were let in; at that rate every shopper in the line hears their place within ${(crowd / place.requestsPerSecond).toFixed(1)} s of the start.`,
    `without the line the same crowd presses Add to cart at once: at ${action.requestsPerSecond}/s the last of them waits ${(crowd / action.requestsPerSecond).toFixed(0)} s on an open socket for an answer, and the first requests to land win.`,
  ];
}

const admittedThrough = async (prisma: Db, data: BenchData) =>
  data.drop ? (await prisma.drop.findUniqueOrThrow({ where: { id: data.drop.id }, select: { admittedThrough: true } })).admittedThrough : 0;

const header = (what: string, where: string) =>
  `bench:http: ${what}, ${os.cpus().length} cores, ${settings.connections} connections, ${settings.warmupSeconds}s warm-up then ${settings.rounds} interleaved rounds of ${settings.seconds}s per target; ${where}`;

async function single() {
  const database = await openBenchDatabase(false);
  const prisma = createPrismaClient(database.url, 8);
  const apps: Topology[] = [];
  try {
    const data = await loadBenchData(prisma, database.url, { customers: customerCount, lineCount });
    const directListing = await (await createShop(prisma, "Direct Bench")).listing(1_000_000);
    const directCustomers = await createTestUsers(prisma, customerCount, "direct");
    if (process.argv.includes("--build") || !existsSync(path.join(projectRoot, distDir, "BUILD_ID"))) {
      console.log(`building into ${distDir} (once; --build to rebuild)`);
      await runNextBuild({ ...appEnv, DATABASE_URL: database.url, NEXT_DIST_DIR: distDir });
    }
    // --compare=<dist dir>: a second `next start` from another build (e.g. the commit before a
    // change, built with NEXT_DIST_DIR) on the same database, its targets interleaved with ours.
    const compare = process.argv.find((arg) => arg.startsWith("--compare="))?.slice("--compare=".length);
    const builds = compare
      ? [
          { label: "[this build] ", distDir },
          { label: `[${compare}] `, distDir: compare },
        ]
      : [{ label: "", distDir }];
    const profile = Boolean(process.env.BENCH_HTTP_PROFILE);
    const chosen: Target[] = [];
    for (const build of builds) {
      const server = await startSingle({ port: await findFreePort(), databaseUrl: database.url, distDir: build.distDir, profile });
      apps.push(server);
      const ids = await actionIds(build.distDir);
      for (const note of await checkRequests(server.url, data, ids)) console.log(`${build.label}${note}`);
      chosen.push(...targets(server.url, data, ids, { label: build.label, servedBy: server.instances.map((i) => i.pid) }));
    }
    const quiet = await waitForQuietMachine(settings.maxOthersPercent);
    console.log(`before measuring: ${quiet}`);
    const instances = apps.flatMap((server) => server.instances);
    const results = await interleave(selectTargets(chosen, process.env.BENCH_HTTP_ONLY), settings, instances);
    const loadAfter = loadAverage();
    for (const server of apps.splice(0)) await server.stop();

    // The same function the action runs, called in-process at the same concurrency: what HTTP adds.
    process.stderr.write(`  runAddToCart called directly: ${settings.connections} at a time\n`);
    const direct = await drive(directCustomers.length, settings.connections, async (i) => {
      const result = await runAddToCart(prisma, { userId: directCustomers[i]!, listingId: directListing, quantity: 1, ttlMs: HOUR });
      return result.ok ? "won" : "refused";
    });
    const directRate = Math.round(direct.outcomes.length / direct.seconds);
    const add = results.find((r) => r.target === `${builds[0]!.label}${TITLES.addToCart}`);
    const lines = [
      header("next start on loopback", database.where),
      `load average before: ${quiet}; after: ${loadAfter}`,
      "",
      ...resultTable(
        results,
        builds.map((build) => `${build.label}next start`.trim()),
      ),
      "",
      ...builds.flatMap((build) => [...yardstickLines(results, build.label), ""]),
      ...(add
        ? [
            `add-to-cart: ${add.requestsPerSecond}/s over HTTP vs ${directRate}/s calling runAddToCart directly = ${ratio(add.requestsPerSecond, directRate)}`,
          ]
        : []),
      ...dropLineComparison(results, data, await admittedThrough(prisma, data), builds[0]!.label),
    ];
    await writeResults("bench-http-latest", lines, {
      where: database.where,
      results,
      direct: { perSecond: directRate, errors: direct.errors },
    });
  } finally {
    for (const server of apps) await server.stop();
    await prisma.$disconnect();
    await database.close();
  }
}

/** nginx to 1 and to 3 instances, each through PgBouncer and straight to the primary. */
const SHAPES = [
  { instances: 1, pooled: true },
  { instances: 3, pooled: true },
  { instances: 1, pooled: false },
  { instances: 3, pooled: false },
];

async function cluster() {
  if (process.argv.includes("--build") || !existsSync(path.join(projectRoot, distDir, "BUILD_ID"))) {
    console.log(`building into ${distDir} (once; --build to rebuild)`);
    await runNextBuild({ ...appEnv, NEXT_DIST_DIR: distDir });
  }
  const lines = [header("nginx in front of next start instances (scripts/lib/cluster.ts)", "the cluster's own PostgreSQL (durable)"), ""];
  const json: object[] = [];
  for (const shape of SHAPES) {
    const label = `${shape.instances} instance${shape.instances > 1 ? "s" : ""}, ${shape.pooled ? "through PgBouncer" : "direct to the primary"}`;
    console.log(`== ${label}`);
    const app = await startOnCluster({ ...shape, distDir });
    try {
      const prisma = createPrismaClient(app.databaseUrl, 8);
      try {
        const data = await loadBenchData(prisma, app.databaseUrl, { customers: customerCount, lineCount: 0 });
        const ids = await actionIds(app.distDir);
        for (const note of await checkRequests(app.url, data, ids)) console.log(note);
        const figures: string[] = [TITLES.noopPast, TITLES.addToCart, TITLES.product, TITLES.availability];
        const chosen = selectTargets(targets(app.url, data, ids), process.env.BENCH_HTTP_ONLY).filter((t) => figures.includes(t.title));
        const quiet = await waitForQuietMachine(settings.maxOthersPercent);
        const results = await interleave(chosen, settings, app.instances);
        lines.push(
          `### ${label}`,
          `load average before: ${quiet}; after: ${loadAverage()}`,
          "",
          ...resultTable(
            results,
            app.instances.map((i) => i.label),
          ),
          "",
        );
        json.push({ ...shape, results });
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await app.stop();
    }
  }
  await writeResults("bench-http-cluster-latest", lines, { topologies: json });
}

(process.argv.includes("--cluster") ? cluster() : single()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
