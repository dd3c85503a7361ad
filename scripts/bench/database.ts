// The bench's database: a throw-away embedded PostgreSQL (durability off unless --durable),
// or a fresh database on the DATABASE_URL server. Either way the migrations are applied and
// the settings in force are read back, to print beside the figures.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureDatabaseExists } from "@/scripts/lib/database";
import { findFreePort, startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";
import { applyMigrations } from "@/scripts/lib/schema-engine";

export interface BenchDatabase {
  url: string;
  settings: Record<string, string>;
  where: string;
  close(): Promise<void>;
}

const SHOWN = ["server_version", "fsync", "synchronous_commit", "full_page_writes", "shared_buffers", "max_connections", "wal_level"];

export async function openBenchDatabase(durable: boolean): Promise<BenchDatabase> {
  const cleanups: (() => Promise<unknown>)[] = [];
  let url: string;
  let where: string;
  if (process.env.DATABASE_URL) {
    const target = new URL(process.env.DATABASE_URL);
    const name = `storefront_bench_${Date.now()}`;
    await ensureDatabaseExists(target.toString(), name);
    const admin = target.toString();
    target.pathname = `/${name}`;
    url = target.toString();
    where = `DATABASE_URL server, fresh database ${name}`;
    // fsync is the server's; synchronous_commit can follow the flag for this database alone.
    await withClient(admin, (client) => client.query(`ALTER DATABASE "${name}" SET synchronous_commit = ${durable ? "on" : "off"}`));
    cleanups.push(() => withClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), "storefront-bench-"));
    const settings = durable
      ? { fsync: "on", synchronous_commit: "on", max_connections: "1200" }
      : { fsync: "off", synchronous_commit: "off", max_connections: "1200" };
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dir, "pg"),
      port: await findFreePort("postgres"),
      persistent: false,
      settings,
    });
    await ensureDatabaseExists(server.adminUrl, "bench");
    url = server.urlFor("bench");
    where = `embedded PostgreSQL (throw-away, ${durable ? "durable commits: fsync and synchronous_commit on" : "durability OFF: fsync and synchronous_commit off"})`;
    cleanups.push(
      () => server.stop(),
      () => rm(dir, { recursive: true, force: true }),
    );
  }
  await applyMigrations(url);
  const settings: Record<string, string> = {};
  await withClient(url, async (client) => {
    for (const name of SHOWN) settings[name] = (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? "?";
  });
  return {
    url,
    settings,
    where,
    async close() {
      // Stopping the server ends any connection a pool still keeps idle: expected now, not a crash.
      process.on("uncaughtException", (error) => {
        if (!/terminating connection due to administrator command/.test(error.message)) throw error;
      });
      for (const cleanup of cleanups) await cleanup();
    },
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
