// What the fault tests share: a PostgreSQL they may crash, the built app under `next start`
// that they may kill, customers signed in with real session cookies, and a client that calls
// the app's server actions over HTTP the way the browser does (React's own reply encoding,
// the Next-Action header), reading back the action's typed answer.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { findFreePort, startEmbeddedPostgres, type CrashableDatabase } from "@/scripts/lib/embedded-postgres";
import { waitForHttp } from "@/scripts/lib/next-server";
import { applyMigrations, projectRoot } from "@/scripts/lib/schema-engine";

export const distDir = process.env.NEXT_DIST_DIR || ".next";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

export const SECRETS = {
  CRON_SECRET: "faults-cron-secret-0123456789",
  CONTACT_HMAC_SECRET: "faults-contact-secret-0123456789",
  NEXTAUTH_SECRET: "faults-nextauth-secret-0123456789",
};

/** `next build` into NEXT_DIST_DIR unless a build is there (CI runs this right after test:e2e built it). */
export async function ensureBuild(): Promise<void> {
  if (existsSync(path.join(projectRoot, distDir, "BUILD_ID")) && !process.env.FAULTS_REBUILD) return;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: projectRoot,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
}

export interface FaultDatabase {
  server: CrashableDatabase;
  url: string;
  close(): Promise<void>;
}

/**
 * A migrated database on an embedded server of its own. Commits are synchronous for this
 * database: the embedded server runs with synchronous_commit off (fast, for disposable data),
 * which would let a crash lose commits that were already acknowledged.
 */
export async function startFaultDatabase(): Promise<FaultDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "storefront-faults-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await findFreePort("postgres"), persistent: false });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE storefront`);
  await admin.query(`ALTER DATABASE storefront SET synchronous_commit = on`);
  await admin.end();
  const url = server.urlFor("storefront");
  await applyMigrations(url);
  return {
    server,
    url,
    async close() {
      await server.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface App {
  baseUrl: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** Everything it printed, for the test's failure message. */
  output: string[];
  stop(): Promise<void>;
}

export async function startApp(databaseUrl: string, env: Record<string, string> = {}, port?: number): Promise<App> {
  const appPort = port ?? (await findFreePort("http"));
  const baseUrl = `http://localhost:${appPort}`;
  // Not spawnNext: its output would flood the test's; kept here, shown when a test fails.
  const child = spawn(process.execPath, [nextBin, "start", "--port", String(appPort)], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      ...SECRETS,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: baseUrl,
      NEXT_DIST_DIR: distDir,
      SIGN_IN_LIMIT_PER_IP: "100000",
      SIGN_UP_LIMIT_PER_IP: "100000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await waitForHttp(`${baseUrl}/sign-in`, 60_000);
  return {
    baseUrl,
    child,
    exited,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A session cookie for the user, exactly as next-auth issues it after signing in. */
export async function sessionCookie(userId: string): Promise<string> {
  const token = await encode({ token: { sub: userId, epoch: 0 }, secret: SECRETS.NEXTAUTH_SECRET, maxAge: 3_600 });
  return `next-auth.session-token=${token}`;
}

/** The ids of the built app's server actions, by exported name (server-reference-manifest.json). */
export async function actionIds(): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(path.join(projectRoot, distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const ids: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.exportedName) ids[entry.exportedName] = id;
  return ids;
}

export interface ActionAnswer {
  status: number;
  ms: number;
  /** Where a successful action sent the browser (redirect()). */
  redirect?: string;
  /** The action's typed answer, when it returned one. */
  state?: { ok: boolean; message?: string; reason?: string; [key: string]: unknown };
  /** A network failure or the timeout. */
  error?: string;
}

// React's own encoder of server action arguments, as the browser's copy of Next.js uses it.
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.node") as {
  encodeReply: (value: unknown) => Promise<FormData | string>;
};

/** Calls a server action the way the browser does (useActionState: previous state, then the form). */
export async function callAction(
  baseUrl: string,
  page: string,
  actionId: string,
  fields: Record<string, string>,
  cookie: string,
  timeoutMs = 30_000,
): Promise<ActionAnswer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const body = await encodeReply([null, form]);
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}${page}`, {
      method: "POST",
      headers: { Accept: "text/x-component", "Next-Action": actionId, Cookie: cookie, Origin: baseUrl },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    const redirect = response.headers.get("x-action-redirect")?.split(";")[0];
    return { status: response.status, ms, ...(redirect ? { redirect } : {}), ...(redirect ? {} : { state: actionState(text) }) };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, error: (error as Error).message };
  }
}

/**
 * The action's answer in a React Flight response: row 0 is `{"a": <answer or "$@row">, ...}`.
 * The answers here are plain objects of strings, numbers and booleans, so the rows parse as
 * JSON; strings Flight escapes with a leading "$" are left as they are.
 */
export function actionState(flight: string): ActionAnswer["state"] {
  const rows = new Map<string, string>();
  for (const line of flight.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) rows.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const resolve = (value: unknown): unknown => {
    if (typeof value === "string" && value.startsWith("$@")) {
      const row = rows.get(value.slice(2).replace(/^0+(?=.)/, "")) ?? rows.get(value.slice(2));
      return row ? resolve(JSON.parse(row)) : undefined;
    }
    return value;
  };
  const root = rows.get("0");
  if (!root) return undefined;
  try {
    const answer = resolve((JSON.parse(root) as { a?: unknown }).a);
    return answer && typeof answer === "object" ? (answer as ActionAnswer["state"]) : undefined;
  } catch {
    return undefined;
  }
}
