// npm run bench:http: the app over HTTP, as browsers reach it. A throw-away embedded PostgreSQL
// with the demo data, `next start` on loopback (built into .next-bench the first time, or with
// --build), and autocannon against the home page, the catalogue, a product page, the live
// availability route and add-to-cart through the real server action, each request from the
// next of many signed-in customers. Then the same add-to-cart function called directly, in this
// process, at the same concurrency on a listing of its own: the HTTP rate's yardstick. The
// server's peak memory is sampled from /proc while it runs.
//
//   --build                    rebuild even when .next-bench exists
//   BENCH_HTTP_SECONDS (10)    per target     BENCH_HTTP_CONNECTIONS (32)   concurrent connections
//   BENCH_HTTP_CUSTOMERS (3000) signed-in customers taking turns on add-to-cart
//   BENCH_HTTP_LINE (10000)    shoppers waiting in a drop's line, polling their place
//   BENCH_HTTP_ONLY=add-to-cart  only the targets whose title contains this
//   BENCH_HTTP_PROFILE=1       the server writes a CPU profile (.cpuprofile) into bench-results/
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import { runAddToCart } from "@/lib/cart/cart-lines";
import { createPrismaClient } from "@/lib/db/prisma";
import { joinDrop } from "@/lib/drops/join";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { runStep } from "@/lib/steps/run-step";
import { openBenchDatabase } from "@/scripts/bench/database";
import { drive } from "@/scripts/bench/drive";
import { findFreePort } from "@/scripts/lib/embedded-postgres";
import { runNextBuild, spawnNext, waitForHttp } from "@/scripts/lib/next-server";
import { projectRoot } from "@/scripts/lib/schema-engine";
import { seedDemoData } from "@/scripts/seed";
import { createShop } from "@/test/support/cart-fixtures";
import { createTestUsers } from "@/test/support/fixtures";
import { HOUR } from "@/test/support/time";

const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 32);
const customerCount = Number(process.env.BENCH_HTTP_CUSTOMERS ?? 3000);
const lineCount = Number(process.env.BENCH_HTTP_LINE ?? 10_000);
const distDir = ".next-bench";
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const secrets = {
  CRON_SECRET: "bench-cron-secret-0123456789",
  CONTACT_HMAC_SECRET: "bench-contact-secret-0123456789",
  NEXTAUTH_SECRET: "bench-nextauth-secret-0123456789",
};

interface TargetResult {
  target: string;
  /** Server CPU (user + system, the process tree) per answer, ms. */
  cpuMsPerAnswer?: number;
  /** The server's largest sampled RSS (MiB) while this target ran. */
  peakRssMiB?: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytesPerResponse: number;
}

/** Peak memory of a process and its descendants, sampled from /proc (Linux). */
function memorySampler(rootPid: number) {
  let peakSum = 0;
  let windowPeak = 0;
  const hwm = new Map<number, number>();
  const kib = (status: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  const descendants = async (pid: number): Promise<number[]> => {
    const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
    const ids = children.split(/\s+/).filter(Boolean).map(Number);
    return [pid, ...(await Promise.all(ids.map(descendants))).flat()];
  };
  const sample = async () => {
    let sum = 0;
    for (const pid of await descendants(rootPid)) {
      const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
      sum += kib(status, "VmRSS");
      hwm.set(pid, Math.max(hwm.get(pid) ?? 0, kib(status, "VmHWM")));
    }
    peakSum = Math.max(peakSum, sum);
    windowPeak = Math.max(windowPeak, sum);
  };
  const timer = setInterval(() => void sample(), 200);
  return {
    sample,
    /** Starts a new window for windowPeakMiB (the largest sampled RSS sum since). */
    window: () => {
      windowPeak = 0;
    },
    windowPeakMiB: () => Math.round(windowPeak / 1024),
    stop: () => clearInterval(timer),
    /** MiB: the largest sampled sum of RSS, and the largest single process's VmHWM. */
    peaks: () => ({ rssSumMiB: Math.round(peakSum / 1024), largestProcessHwmMiB: Math.round(Math.max(0, ...hwm.values()) / 1024) }),
  };
}

/** CPU time (user + system) of a process and its descendants so far, ms (Linux /proc; clock ticks of 10 ms). */
async function cpuMs(rootPid: number): Promise<number> {
  const children = async (pid: number): Promise<number[]> => {
    const list = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
    const ids = list.split(/\s+/).filter(Boolean).map(Number);
    return [pid, ...(await Promise.all(ids.map(children))).flat()];
  };
  let ticks = 0;
  for (const pid of await children(rootPid)) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks * 10;
}

async function load(title: string, options: autocannon.Options): Promise<TargetResult> {
  process.stderr.write(`  ${title}: ${seconds}s, ${connections} connections\n`);
  const result = await autocannon({ connections, duration: seconds, ...options });
  return {
    target: title,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
  };
}

/**
 * The same crowd with and without the line, over HTTP: without it, every shopper's add-to-cart
 * waits its turn on the server's connections at the action's rate; with it, every shopper's
 * answer is a place (the place route's rate), and buying waits for the turn.
 */
function dropLineComparison(results: TargetResult[], crowd: number, drop: { admittedThrough: number }): string[] {
  const action = results.find((r) => r.target.startsWith("POST add-to-cart"));
  const place = results.find((r) => r.target.startsWith("GET drop place"));
  if (!action || !place) return [];
  return [
    `drop line: ${crowd.toLocaleString("en-US")} shoppers polling their place got ${place.requestsPerSecond}/s answers (p99 ${place.p99} ms, ${place.cpuMsPerAnswer?.toFixed(2)} ms server CPU each) while ${drop.admittedThrough} were let in; at that rate every shopper in the line hears their place within ${(crowd / place.requestsPerSecond).toFixed(1)} s of the start.`,
    `without the line the same crowd presses Add to cart at once: at ${action.requestsPerSecond}/s the last of them waits ${(crowd / action.requestsPerSecond).toFixed(0)} s on an open socket for an answer, and the first requests to land win.`,
  ];
}

async function main() {
  const database = await openBenchDatabase(false);
  const prisma = createPrismaClient(database.url, 8);
  let server: ChildProcess | undefined;
  try {
    await seedDemoData(database.url, { force: false, contactSecret: secrets.CONTACT_HMAC_SECRET });
    const shop = await createShop(prisma, "HTTP Bench");
    const hotListing = await shop.listing(1_000_000);
    const directListing = await shop.listing(1_000_000);
    const hot = await prisma.listing.findUniqueOrThrow({ where: { id: hotListing }, select: { product: { select: { slug: true } } } });
    const productPath = `/products/${hot.product.slug}`;
    const customers = await createTestUsers(prisma, customerCount, "http");
    // A drop whose line holds `lineCount` shoppers, started, letting one in a second: nearly
    // everyone waits and polls their place while admission runs.
    const dropListing = await shop.listing(100);
    const dropSale = await runStep(prisma, createFlashSale, {
      shopId: shop.shopId,
      listingId: dropListing,
      slots: 10,
      discount: { kind: "percent", percent: 10 },
      startsAt: new Date(Date.now() + HOUR),
      endsAt: new Date(Date.now() + 3 * HOUR),
      drop: { opensBeforeMs: 2 * HOUR, admitPerMinute: 60, maxAdmitted: null, admissionSeconds: 600 },
    });
    if (!dropSale.ok || !dropSale.dropId) throw new Error("the bench's drop was refused");
    const dropId = dropSale.dropId;
    const waiting = await createTestUsers(prisma, lineCount, "line");
    await drive(waiting.length, 32, async (i) => ((await joinDrop(prisma, { dropId, userId: waiting[i]! })).ok ? "won" : "refused"));
    await prisma.$executeRaw`UPDATE drops SET starts_at = now() WHERE id = ${dropId}::uuid`;
    await prisma.$executeRaw`UPDATE flash_sales SET starts_at = now() WHERE id = ${dropSale.saleId}::uuid`;
    const lineCookies = await Promise.all(
      waiting.map(async (sub) => `next-auth.session-token=${await encode({ token: { sub, epoch: 0 }, secret: secrets.NEXTAUTH_SECRET })}`),
    );
    const directCustomers = await createTestUsers(prisma, customerCount, "direct");
    // What a sign-in issues (lib/auth/options.ts): a JWT with the user id and its session epoch.
    const cookies = await Promise.all(
      customers.map(
        async (sub) => `next-auth.session-token=${await encode({ token: { sub, epoch: 0 }, secret: secrets.NEXTAUTH_SECRET })}`,
      ),
    );

    const port = await findFreePort();
    const origin = `http://127.0.0.1:${port}`;
    const env = { ...secrets, DATABASE_URL: database.url, NEXTAUTH_URL: origin, NEXT_DIST_DIR: distDir };
    if (process.argv.includes("--build") || !existsSync(path.join(projectRoot, distDir, "BUILD_ID"))) {
      console.log(`building into ${distDir} (once; --build to rebuild)`);
      await runNextBuild(env);
    }
    // BENCH_HTTP_PROFILE=1: the server writes a CPU profile into bench-results/ when it stops
    // (node refuses --cpu-prof in NODE_OPTIONS, so that server is started with the flag itself).
    server = process.env.BENCH_HTTP_PROFILE
      ? spawn(
          process.execPath,
          ["--cpu-prof", `--cpu-prof-dir=${path.join(projectRoot, "bench-results")}`, nextBin, "start", "--port", String(port)],
          {
            cwd: projectRoot,
            env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
            stdio: "inherit",
          },
        )
      : spawnNext({ mode: "start", port, env, label: "next" });
    await waitForHttp(`${origin}/`, 120_000);
    const memory = memorySampler(server.pid!);

    const manifest = JSON.parse(await readFile(path.join(projectRoot, distDir, "server", "server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { exportedName?: string; filename?: string }>;
    };
    const actionId = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === "addToCartAction")?.[0];
    if (!actionId) throw new Error("addToCartAction is not in the build's server-reference-manifest.json");
    // The body React's client sends for useActionState(action)(formData): the arguments
    // (previous state, FormData) as a multipart reply, the FormData's fields under "_1_" and
    // the root "0" last (the server decodes the root as soon as it arrives).
    const boundary = "----benchBoundary7MA4YWxkTrZu0gW";
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = `${field("_1_listingId", hotListing)}${field("_1_quantity", "1")}${field("0", '[null,"$K1"]')}--${boundary}--\r\n`;
    const actionHeaders = {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "next-action": actionId,
      accept: "text/x-component",
      origin,
    };
    let turn = 0;
    const nextCookie = () => cookies[turn++ % cookies.length]!;
    let lineTurn = 0;
    const nextLineCookie = () => lineCookies[lineTurn++ % lineCookies.length]!;

    const check = await fetch(`${origin}${productPath}`, { method: "POST", headers: { ...actionHeaders, cookie: nextCookie() }, body });
    const answer = await check.text();
    if (check.status !== 200 || !answer.includes('"ok":true'))
      throw new Error(`the add-to-cart action did not answer as expected (${check.status}): ${answer.slice(0, 300)}`);
    console.log(
      `add-to-cart action ${actionId.slice(0, 12)}… answers ${answer.length} bytes: ${answer.slice(0, 160).replace(/\n/g, " ")}…`,
    );

    // The action first, on a fresh server: its memory window is then its own load's.
    const targets: [string, autocannon.Options][] = [
      [
        "POST add-to-cart server action",
        {
          url: `${origin}${productPath}`,
          requests: [
            {
              method: "POST",
              headers: actionHeaders,
              body,
              setupRequest: (request) => ({ ...request, headers: { ...request.headers, cookie: nextCookie() } }),
            },
          ],
        },
      ],
      ["GET / (home)", { url: `${origin}/` }],
      ["GET /products (catalogue)", { url: `${origin}/products` }],
      ["GET product page", { url: `${origin}${productPath}` }],
      ["GET availability route", { url: `${origin}/api/listings/${hotListing}/availability` }],
      [
        `GET drop place route (${lineCount.toLocaleString("en-US")} in line, admission running)`,
        {
          url: `${origin}/api/drops/${dropId}/place`,
          requests: [
            { method: "GET", setupRequest: (request) => ({ ...request, headers: { ...request.headers, cookie: nextLineCookie() } }) },
          ],
        },
      ],
    ];
    const results: TargetResult[] = [];
    const only = process.env.BENCH_HTTP_ONLY;
    for (const [title, options] of targets.filter(([title]) => !only || title.includes(only))) {
      memory.window();
      const cpuBefore = await cpuMs(server.pid!);
      const result = await load(title, options);
      const answers = Math.max(1, result.requestsPerSecond * seconds);
      await memory.sample();
      results.push({
        ...result,
        peakRssMiB: memory.windowPeakMiB(),
        cpuMsPerAnswer: Number(((await cpuMs(server.pid!)) - cpuBefore) / answers),
      });
    }
    await memory.sample();
    memory.stop();
    const rss = memory.peaks();

    // The yardstick: the same function the action runs, called in-process, same concurrency.
    process.stderr.write(`  runAddToCart called directly: ${connections} at a time\n`);
    const direct = await drive(directCustomers.length, connections, async (i) => {
      const result = await runAddToCart(prisma, { userId: directCustomers[i]!, listingId: directListing, quantity: 1, ttlMs: HOUR });
      return result.ok ? "won" : "refused";
    });
    const directRate = Math.round(direct.outcomes.length / direct.seconds);
    const added = await prisma.cartItem.count({ where: { listingId: hotListing } });

    const http = results.find((r) => r.target.startsWith("POST")) ?? results[0]!;
    const lines = [
      `bench:http: next start on loopback, ${os.cpus().length} cores (load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}), ${connections} connections, ${seconds}s per target; ${database.where}`,
      "",
      "| target | requests/s | p50 ms | p99 ms | errors | non-2xx | bytes/answer | server CPU ms/answer | server peak RSS MiB |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...results.map(
        (r) =>
          `| ${r.target} | ${r.requestsPerSecond.toLocaleString("en-US")} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.bytesPerResponse.toLocaleString("en-US")} | ${r.cpuMsPerAnswer?.toFixed(2) ?? "-"} | ${r.peakRssMiB} |`,
      ),
      "",
      `add-to-cart: ${http.requestsPerSecond}/s over HTTP vs ${directRate}/s calling runAddToCart directly = ${(http.requestsPerSecond / directRate).toFixed(2)}x; ${added} cart lines written by ${Math.min(customerCount, turn)} customers`,
      ...dropLineComparison(
        results,
        lineCount,
        await prisma.drop.findUniqueOrThrow({ where: { id: dropId }, select: { admittedThrough: true } }),
      ),
      `next start peak memory: ${http.peakRssMiB} MiB RSS under the add-to-cart load (fresh server); ${rss.rssSumMiB} MiB over the whole run (largest process VmHWM ${rss.largestProcessHwmMiB} MiB)`,
    ];
    console.log(lines.join("\n"));
    const dir = path.join(projectRoot, "bench-results");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "bench-http-latest.md"), `${lines.join("\n")}\n`);
    await writeFile(
      path.join(dir, "bench-http-latest.json"),
      JSON.stringify(
        {
          when: new Date().toISOString(),
          connections,
          seconds,
          results,
          direct: { perSecond: directRate, errors: direct.errors },
          memory: rss,
        },
        null,
        2,
      ),
    );
    console.log("written: bench-results/bench-http-latest.{md,json}");
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await prisma.$disconnect();
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
