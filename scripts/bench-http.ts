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
const distDir = ".next-bench";
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const secrets = {
  CRON_SECRET: "bench-cron-secret-0123456789",
  CONTACT_HMAC_SECRET: "bench-contact-secret-0123456789",
  NEXTAUTH_SECRET: "bench-nextauth-secret-0123456789",
};

interface TargetResult {
  target: string;
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
    ];
    const results: TargetResult[] = [];
    const only = process.env.BENCH_HTTP_ONLY;
    for (const [title, options] of targets.filter(([title]) => !only || title.includes(only))) {
      memory.window();
      const result = await load(title, options);
      await memory.sample();
      results.push({ ...result, peakRssMiB: memory.windowPeakMiB() });
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
      "| target | requests/s | p50 ms | p99 ms | errors | non-2xx | bytes/answer | server peak RSS MiB |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...results.map(
        (r) =>
          `| ${r.target} | ${r.requestsPerSecond.toLocaleString("en-US")} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.bytesPerResponse.toLocaleString("en-US")} | ${r.peakRssMiB} |`,
      ),
      "",
      `add-to-cart: ${http.requestsPerSecond}/s over HTTP vs ${directRate}/s calling runAddToCart directly = ${(http.requestsPerSecond / directRate).toFixed(2)}x; ${added} cart lines written by ${Math.min(customerCount, turn)} customers`,
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
