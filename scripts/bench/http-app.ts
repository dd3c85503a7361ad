// What bench:http sends and to whom: the app's data (demo catalogue, a hot listing, signed-in
// customers, a drop's line), the requests (server actions as React's client posts them, pages,
// routes), and where they go: one `next start`, or nginx in front of N instances on the
// production topology (scripts/lib/cluster.ts's startCluster).
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import type { Db } from "@/lib/db/prisma";
import { joinDrop } from "@/lib/drops/join";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { routes } from "@/lib/routes";
import { runStep } from "@/lib/steps/run-step";
import { drive } from "@/scripts/bench/drive";
import type { Instance, Target } from "@/scripts/bench/http-load";
import { startCluster } from "@/scripts/lib/cluster";
import { spawnNext, waitForHttp } from "@/scripts/lib/next-server";
import { projectRoot } from "@/scripts/lib/schema-engine";
import { seedDemoData } from "@/scripts/seed";
import { createShop } from "@/test/support/cart-fixtures";
import { createTestUsers } from "@/test/support/fixtures";
import { HOUR } from "@/test/support/time";

export const secrets = {
  CRON_SECRET: "bench-cron-secret-0123456789",
  CONTACT_HMAC_SECRET: "bench-contact-secret-0123456789",
  NEXTAUTH_SECRET: "bench-nextauth-secret-0123456789",
};

/** What every instance the bench starts needs: the secrets its cookies are minted with, and the yardstick actions on. */
export const appEnv = { ...secrets, BENCH_ACTIONS: "1" };

// ---- Where the requests go ----------------------------------------------------------------

export interface Topology {
  /** What the bench talks to: the one instance, or the load balancer. */
  url: string;
  instances: (Instance & { url: string })[];
  /** The build the instances serve (its server-reference-manifest.json names the actions). */
  distDir: string;
  /** The primary, not through any pooler: where the bench loads its data. */
  databaseUrl: string;
  stop(): Promise<void>;
}

/** One `next start` on loopback; with `profile`, node writes a CPU profile into bench-results/ when it stops. */
export async function startSingle(options: { port: number; databaseUrl: string; distDir: string; profile: boolean }): Promise<Topology> {
  const url = `http://127.0.0.1:${options.port}`;
  const env = { ...appEnv, DATABASE_URL: options.databaseUrl, NEXTAUTH_URL: url, NEXT_DIST_DIR: options.distDir };
  // node refuses --cpu-prof in NODE_OPTIONS, so a profiled server is started with the flag itself.
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const server = options.profile
    ? spawn(
        process.execPath,
        ["--cpu-prof", `--cpu-prof-dir=${path.join(projectRoot, "bench-results")}`, nextBin, "start", "--port", String(options.port)],
        { cwd: projectRoot, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: "inherit" },
      )
    : spawnNext({ mode: "start", port: options.port, env, label: "next" });
  await waitForHttp(`${url}/`, 120_000);
  return {
    url,
    instances: [{ label: "next start", pid: server.pid!, url }],
    distDir: options.distDir,
    databaseUrl: options.databaseUrl,
    async stop() {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
}

/**
 * The production topology (scripts/lib/cluster.ts): a primary with a streaming replica,
 * PgBouncer in transaction mode, `instances` `next start` processes serving the bench's build and
 * nginx round robin in front; every instance's DATABASE_URL through PgBouncer, or with
 * `pooled: false` straight to the primary.
 */
export async function startOnCluster(shape: { instances: number; pooled: boolean; distDir: string }): Promise<Topology> {
  const cluster = await startCluster({ ...shape, secrets, env: { BENCH_ACTIONS: "1" } });
  await waitForHttp(`${cluster.url}/`, 120_000);
  return {
    url: cluster.url,
    instances: cluster.instances.map((instance, i) => ({ label: `instance ${i + 1}`, pid: instance.child().pid!, url: instance.url })),
    distDir: shape.distDir,
    databaseUrl: cluster.directUrl,
    stop: () => cluster.stop(),
  };
}

// ---- The data ---------------------------------------------------------------------------------

export interface BenchData {
  hotListing: string;
  productPath: string;
  /** Session cookies of signed-in customers, each request the next one's. */
  cookies: string[];
  /** A started drop with `lineCount` shoppers in its line, when asked for. */
  drop?: { id: string; cookies: string[] };
}

/** What a sign-in issues (lib/auth/options.ts): a JWT with the user id and its session epoch. */
const sessionCookie = async (sub: string) =>
  `next-auth.session-token=${await encode({ token: { sub, epoch: 0 }, secret: secrets.NEXTAUTH_SECRET })}`;

export async function loadBenchData(
  prisma: Db,
  databaseUrl: string,
  options: { customers: number; lineCount: number },
): Promise<BenchData> {
  await seedDemoData(databaseUrl, { force: false, contactSecret: secrets.CONTACT_HMAC_SECRET });
  const shop = await createShop(prisma, "HTTP Bench");
  const hotListing = await shop.listing(1_000_000);
  const hot = await prisma.listing.findUniqueOrThrow({ where: { id: hotListing }, select: { product: { select: { slug: true } } } });
  const cookies = await Promise.all((await createTestUsers(prisma, options.customers, "http")).map(sessionCookie));
  const data: BenchData = { hotListing, productPath: routes.product(hot.product.slug), cookies };
  if (options.lineCount === 0) return data;
  // A drop whose line holds `lineCount` shoppers, started, letting one in a second: nearly
  // everyone waits and polls their place while admission runs.
  const dropListing = await shop.listing(100);
  const sale = await runStep(prisma, createFlashSale, {
    shopId: shop.shopId,
    listingId: dropListing,
    slots: 10,
    discount: { kind: "percent", percent: 10 },
    startsAt: new Date(Date.now() + HOUR),
    endsAt: new Date(Date.now() + 3 * HOUR),
    drop: { opensBeforeMs: 2 * HOUR, admitPerMinute: 60, maxAdmitted: null, admissionSeconds: 600 },
  });
  if (!sale.ok || !sale.dropId) throw new Error("the bench's drop was refused");
  const dropId = sale.dropId;
  const waiting = await createTestUsers(prisma, options.lineCount, "line");
  await drive(waiting.length, 32, async (i) => ((await joinDrop(prisma, { dropId, userId: waiting[i]! })).ok ? "won" : "refused"));
  await prisma.$executeRaw`UPDATE drops SET starts_at = now() WHERE id = ${dropId}::uuid`;
  await prisma.$executeRaw`UPDATE flash_sales SET starts_at = now() WHERE id = ${sale.saleId}::uuid`;
  return { ...data, drop: { id: dropId, cookies: await Promise.all(waiting.map(sessionCookie)) } };
}

// ---- The requests -----------------------------------------------------------------------------

/** The ids of the server actions the bench calls, from the build's manifest. */
export async function actionIds(distDir: string) {
  const manifest = JSON.parse(await readFile(path.join(projectRoot, distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const find = (name: string) => {
    const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name)?.[0];
    if (!id) throw new Error(`${name} is not in ${distDir}/server/server-reference-manifest.json (rebuild with --build)`);
    return id;
  };
  return { addToCart: find("addToCartAction"), noop: find("benchNoopAction"), session: find("benchSessionAction") };
}

/**
 * The body React's client sends for useActionState(action)(formData): the arguments (previous
 * state, FormData) as a multipart reply, the FormData's fields under "_1_" and the root "0"
 * last (the server decodes the root as soon as it arrives). Every action gets the same body,
 * so the yardsticks pay the same decoding as add-to-cart.
 */
export function actionRequest(origin: string, actionId: string, listingId: string) {
  const boundary = "----benchBoundary7MA4YWxkTrZu0gW";
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return {
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "next-action": actionId,
      accept: "text/x-component",
      origin,
    },
    body: `${field("_1_listingId", listingId)}${field("_1_quantity", "1")}${field("0", '[null,"$K1"]')}--${boundary}--\r\n`,
  };
}

// proxy.ts's matcher skips requests that carry a router prefetch header (link prefetches get
// the policy with the page). An action post carrying one is routed, decoded and answered by
// Next.js exactly as without it (the header means something only beside `RSC: 1`), so it is
// the same action call with the proxy left out: the yardstick "past the proxy".
export const PAST_THE_PROXY = { "next-router-prefetch": "1" } as const;

/** Each call of a target signs in as the next customer of the list. */
function rotating(cookies: string[]) {
  let turn = 0;
  return {
    next: () => cookies[turn++ % cookies.length]!,
    used: () => Math.min(turn, cookies.length),
  };
}

function post(url: string, request: ReturnType<typeof actionRequest>, cookies: { next(): string }, extra = {}): autocannon.Options {
  return {
    url,
    requests: [
      {
        method: "POST",
        headers: { ...request.headers, ...extra },
        body: request.body,
        setupRequest: (r) => ({ ...r, headers: { ...r.headers, cookie: cookies.next() } }),
      },
    ],
  };
}

export const TITLES = {
  noopPast: "POST no-op action, past the proxy",
  noopThrough: "POST no-op action, through the proxy",
  session: "POST session-only action",
  addToCart: "POST add-to-cart server action",
  product: "GET product page",
  availability: "GET availability route",
} as const;

/**
 * Every target, yardsticks first. `label` prefixes their titles and `servedBy` names the app
 * processes behind `origin`, when one run measures two servers (bench:http --compare).
 */
export function targets(
  origin: string,
  data: BenchData,
  ids: Awaited<ReturnType<typeof actionIds>>,
  { label = "", servedBy }: { label?: string; servedBy?: number[] } = {},
): Target[] {
  const customers = rotating(data.cookies);
  const all: Target[] = [
    {
      title: TITLES.noopPast,
      options: post(`${origin}${routes.bench}`, actionRequest(origin, ids.noop, data.hotListing), customers, PAST_THE_PROXY),
    },
    { title: TITLES.noopThrough, options: post(`${origin}${routes.bench}`, actionRequest(origin, ids.noop, data.hotListing), customers) },
    { title: TITLES.session, options: post(`${origin}${routes.bench}`, actionRequest(origin, ids.session, data.hotListing), customers) },
    {
      title: TITLES.addToCart,
      options: post(`${origin}${data.productPath}`, actionRequest(origin, ids.addToCart, data.hotListing), customers),
    },
    { title: TITLES.product, options: { url: `${origin}${data.productPath}` } },
    { title: TITLES.availability, options: { url: `${origin}${routes.listingAvailability(data.hotListing)}` } },
    { title: "GET / (home)", options: { url: `${origin}${routes.home}` } },
    { title: "GET /products (catalogue)", options: { url: `${origin}${routes.catalogue}` } },
  ];
  if (data.drop) {
    const line = rotating(data.drop.cookies);
    all.push({
      title: `GET drop place route (${data.drop.cookies.length.toLocaleString("en-US")} in line, admission running)`,
      options: {
        url: `${origin}${routes.dropPlace(data.drop.id)}`,
        requests: [{ method: "GET", setupRequest: (r) => ({ ...r, headers: { ...r.headers, cookie: line.next() } }) }],
      },
    });
  }
  return all.map((target) => ({ ...target, title: `${label}${target.title}`, servedBy }));
}

/** BENCH_HTTP_ONLY: the targets whose title contains one of its words ("|"-separated). */
export function selectTargets(all: Target[], only: string | undefined): Target[] {
  const words =
    only
      ?.split("|")
      .map((word) => word.trim())
      .filter(Boolean) ?? [];
  return words.length ? all.filter((t) => words.some((word) => t.title.includes(word))) : all;
}

/**
 * Before measuring: every action answers as the bench expects (signed in, ok), and the
 * yardstick past the proxy really passes it: a post from another site is refused by the
 * proxy (403) through it, and reaches Next.js past it (which refuses it itself, with a 500
 * that the server logs: expected here).
 */
export async function checkRequests(origin: string, data: BenchData, ids: Awaited<ReturnType<typeof actionIds>>): Promise<string[]> {
  const notes: string[] = [];
  const call = async (pathname: string, id: string, extra: Record<string, string> = {}) => {
    const request = actionRequest(origin, id, data.hotListing);
    const response = await fetch(`${origin}${pathname}`, {
      method: "POST",
      headers: { ...request.headers, cookie: data.cookies[0]!, ...extra },
      body: request.body,
    });
    return { status: response.status, text: await response.text() };
  };
  for (const [name, pathname, id, expected] of [
    ["add-to-cart", data.productPath, ids.addToCart, '"ok":true'],
    ["no-op", routes.bench, ids.noop, '"ok":true'],
    ["session-only", routes.bench, ids.session, '"signedIn":true'],
  ] as const) {
    const answer = await call(pathname, id);
    if (answer.status !== 200 || !answer.text.includes(expected))
      throw new Error(`the ${name} action did not answer as expected (${answer.status}): ${answer.text.slice(0, 300)}`);
    notes.push(`${name} action ${id.slice(0, 10)}… answers ${answer.text.length} bytes`);
  }
  const elsewhere = { origin: "https://elsewhere.example" };
  const through = await call(routes.bench, ids.noop, elsewhere);
  const past = await call(routes.bench, ids.noop, { ...elsewhere, ...PAST_THE_PROXY });
  if (through.status !== 403 || past.status === 403)
    throw new Error(
      `the yardstick past the proxy does not pass it: a cross-site post answered ${through.status} through it, ${past.status} past it`,
    );
  notes.push(`a cross-site post: ${through.status} from the proxy, ${past.status} from Next.js past it (so the header skips the proxy)`);
  return notes;
}
