import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditInvariants } from "@/lib/audit/audit";
import { createPrismaClient } from "@/lib/db/prisma";
import { resolveDatabase } from "@/scripts/lib/database";
import { findFreePort, findRunningEmbeddedPostgres, startEmbeddedPostgres, type EmbeddedDatabase } from "@/scripts/lib/embedded-postgres";
import { applyMigrations, projectRoot } from "@/scripts/lib/schema-engine";
import { loadLocalSecrets } from "@/scripts/lib/secrets";

let dir: string;
let dataDir: string;
let running: EmbeddedDatabase;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "storefront-ops-"));
  dataDir = path.join(dir, "pg");
  port = await findFreePort("postgres");
  // As `npm run demo` does: a persistent server on the data folder.
  running = await startEmbeddedPostgres({ dataDir, port, persistent: true });
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("tools join the embedded PostgreSQL a running demo started", () => {
  it("the audit connects to the running server instead of starting a second one on its folder, and leaves it running", async () => {
    const lines: string[] = [];
    // Asked for another port on purpose: the running server's postmaster.pid says where it is.
    const database = await resolveDatabase((line) => lines.push(line), { port: await findFreePort("postgres"), dataDir });
    expect(lines.join("\n")).toContain(`already running on port ${port}`);
    expect(new URL(database.url).port).toBe(String(port));
    await applyMigrations(database.url);
    const prisma = createPrismaClient(database.url, 2);
    try {
      expect(await auditInvariants(prisma)).toMatchObject({ ok: true });
    } finally {
      await prisma.$disconnect();
    }
    await database.stop();
    expect(await answers(running.adminUrl)).toBe(true);
  });

  it("a stale postmaster.pid (a server that died) is not mistaken for a running one", async () => {
    const stale = path.join(dir, "stale");
    await mkdir(stale, { recursive: true });
    await writeFile(path.join(stale, "postmaster.pid"), `999999\n${stale}\n0\n${await findFreePort()}\n/tmp\n127.0.0.1\n0 0\nready\n`);
    expect(await findRunningEmbeddedPostgres(stale)).toBeNull();
    expect(await findRunningEmbeddedPostgres(path.join(dir, "nothing-here"))).toBeNull();
  });
});

describe("the demo launcher checks every setting before it starts or builds anything", () => {
  it("a short CRON_SECRET is refused within seconds, with nothing started", async () => {
    const demoData = path.join(dir, "demo-never-started");
    const started = Date.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "scripts/demo.ts"], {
        cwd: projectRoot,
        env: {
          ...process.env,
          DATABASE_URL: "",
          PORT: String(port + 1),
          EMBEDDED_PG_DATA_DIR: demoData,
          CRON_SECRET: "short",
          CART_HOLD_TTL: "soon",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => resolve({ code, output }));
    });
    expect(code).toBe(1);
    expect(output).toContain("CRON_SECRET: CRON_SECRET must be at least 16 characters");
    expect(output).toContain("CART_HOLD_TTL");
    expect(output).not.toContain("building");
    expect(existsSync(demoData)).toBe(false);
    expect(Date.now() - started).toBeLessThan(30_000);
    // The bad value was for that run only: the next demo must not inherit it.
    expect((await loadLocalSecrets()).CRON_SECRET).not.toBe("short");
  });
});
