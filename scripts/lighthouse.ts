// npm run lighthouse: Lighthouse on the home page, the catalogue and a product page, with the
// desktop and the mobile preset, against `next start` on a throw-away embedded PostgreSQL with
// the demo data (or a fresh database on the DATABASE_URL server). Offline: the app serves
// everything itself, and Chromium is told not to call home. Not part of `npm test`: the
// scores depend on how busy the machine is.
//
//   --build    rebuild even when a build is there (NEXT_DIST_DIR, default .next-lighthouse)
//   --strict   exit 1 when a page's mobile performance is below 90 (the bar the shop holds itself to)
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig, type Flags, type Result } from "lighthouse";
import { openBenchDatabase } from "@/scripts/bench/database";
import { DEMO_PRODUCTS, demoProductSlug } from "@/scripts/demo-data";
import { findFreePort } from "@/scripts/lib/embedded-postgres";
import { runNextBuild, spawnNext, waitForHttp } from "@/scripts/lib/next-server";
import { projectRoot } from "@/scripts/lib/schema-engine";
import { seedDemoData } from "@/scripts/seed";

const distDir = process.env.NEXT_DIST_DIR || ".next-lighthouse";
const strict = process.argv.includes("--strict");
const MOBILE_PERFORMANCE_BAR = 90;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const secrets = {
  CRON_SECRET: "lighthouse-cron-secret-0123456789",
  CONTACT_HMAC_SECRET: "lighthouse-contact-secret-0123456789",
  NEXTAUTH_SECRET: "lighthouse-nextauth-secret-0123456789",
};

// The product sold by both demo shops: its page has the most to lay out.
const product = DEMO_PRODUCTS[0]!;
const PAGES = [
  { name: "home", path: "/" },
  { name: "catalogue", path: "/products" },
  { name: "product", path: `/products/${demoProductSlug(product)}` },
];
const PRESETS = [
  { name: "desktop", config: desktopConfig },
  // Lighthouse's default: a mid-range phone on a slow 4G link (simulated throttling).
  { name: "mobile", config: undefined },
] as const;

interface Row {
  page: string;
  preset: string;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  metrics: { fcp?: number; lcp?: number; tbt?: number; cls?: number };
}

/** Debian's Chromium (these machines and CI), Playwright's own elsewhere; PLAYWRIGHT_CHROMIUM_PATH overrides both. */
function chromePath(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const bundled = chromium.executablePath();
  return existsSync(bundled) ? bundled : undefined;
}

function toRow(page: string, preset: string, lhr: Result): Row {
  const score = (id: string) => {
    const value = lhr.categories[id]?.score;
    return typeof value === "number" ? Math.round(value * 100) : null;
  };
  const metric = (id: string) => lhr.audits[id]?.numericValue;
  return {
    page,
    preset,
    scores: {
      performance: score("performance"),
      accessibility: score("accessibility"),
      "best-practices": score("best-practices"),
      seo: score("seo"),
    },
    metrics: {
      fcp: metric("first-contentful-paint"),
      lcp: metric("largest-contentful-paint"),
      tbt: metric("total-blocking-time"),
      cls: metric("cumulative-layout-shift"),
    },
  };
}

/** Audits below full marks outside performance: what to fix, by page. */
function shortfalls(lhr: Result): string[] {
  const lines: string[] = [];
  for (const id of ["accessibility", "best-practices", "seo"]) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit && typeof audit.score === "number" && audit.score < 1) lines.push(`${id}: ${ref.id} (${audit.title})`);
    }
  }
  return lines;
}

function printTable(rows: Row[]): void {
  const header = ["page", "preset", ...CATEGORIES, "FCP ms", "LCP ms", "TBT ms", "CLS"];
  const cells = rows.map((row) => [
    row.page,
    row.preset,
    ...CATEGORIES.map((category) => String(row.scores[category] ?? "–")),
    row.metrics.fcp === undefined ? "–" : String(Math.round(row.metrics.fcp)),
    row.metrics.lcp === undefined ? "–" : String(Math.round(row.metrics.lcp)),
    row.metrics.tbt === undefined ? "–" : String(Math.round(row.metrics.tbt)),
    row.metrics.cls === undefined ? "–" : row.metrics.cls.toFixed(3),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const format = (line: string[]) => line.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(`\n${format(header)}\n${widths.map((width) => "-".repeat(width)).join("  ")}`);
  for (const line of cells) console.log(format(line));
}

async function main(): Promise<number> {
  const database = await openBenchDatabase(false);
  let server: ChildProcess | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  const stop = async () => {
    chrome?.kill();
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    await database.close();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));

  try {
    await seedDemoData(database.url, { force: false, contactSecret: secrets.CONTACT_HMAC_SECRET });
    const port = await findFreePort();
    const origin = `http://localhost:${port}`;
    const env = { ...secrets, DATABASE_URL: database.url, NEXTAUTH_URL: origin, NEXT_DIST_DIR: distDir };
    if (process.argv.includes("--build") || !existsSync(path.join(projectRoot, distDir, "BUILD_ID"))) {
      console.log(`building into ${distDir} (once; --build to rebuild)`);
      await runNextBuild(env);
    }
    server = spawnNext({ mode: "start", port, env, label: "next" });
    await waitForHttp(`${origin}/`, 120_000);
    // The first request to each route loads its server code: not what a visitor waits for.
    for (const page of PAGES) await fetch(`${origin}${page.path}`).then((response) => response.text());

    chrome = await chromeLauncher.launch({
      chromePath: chromePath(),
      // Without these Chromium keeps calling home, which a closed network refuses.
      chromeFlags: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
      logLevel: "silent",
      // Our own handler stops the server and the database too.
      handleSIGINT: false,
    });
    const flags: Flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] };
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const preset of PRESETS) {
      for (const page of PAGES) {
        process.stderr.write(`  lighthouse ${preset.name} ${page.name} (${page.path})\n`);
        const result = await lighthouse(`${origin}${page.path}`, flags, preset.config);
        if (!result) throw new Error(`Lighthouse returned nothing for ${page.path}`);
        if (result.lhr.runtimeError) throw new Error(`Lighthouse failed on ${page.path}: ${result.lhr.runtimeError.message}`);
        rows.push(toRow(page.name, preset.name, result.lhr));
        for (const line of shortfalls(result.lhr)) notes.push(`${page.name} ${preset.name}: ${line}`);
      }
    }

    printTable(rows);
    if (notes.length > 0) console.log(`\nBelow full marks:\n  ${notes.join("\n  ")}`);
    const slow = rows.filter((row) => row.preset === "mobile" && (row.scores.performance ?? 0) < MOBILE_PERFORMANCE_BAR);
    if (slow.length > 0) {
      console.log(
        `\nMobile performance below ${MOBILE_PERFORMANCE_BAR}: ${slow.map((row) => `${row.page} ${row.scores.performance}`).join(", ")}${strict ? "" : " (--strict fails the run on this)"}`,
      );
      if (strict) return 1;
    }
    return 0;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
