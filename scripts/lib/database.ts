// One way for every script to get a database: DATABASE_URL when it is set, otherwise the
// embedded PostgreSQL kept in a git-ignored folder of the project.
import path from "node:path";
import pg from "pg";
import { findRunningEmbeddedPostgres, startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";
import { projectRoot } from "@/scripts/lib/schema-engine";

export const DEMO_DATABASE = "storefront";

export interface ResolvedDatabase {
  url: string;
  /**
   * DIRECT_DATABASE_URL when set (DATABASE_URL may be a transaction-mode pooler), else the same
   * as `url`: migrations take a session advisory lock and need a server that keeps a session.
   */
  directUrl: string;
  embedded: boolean;
  /** Stops the embedded server; a no-op for DATABASE_URL. */
  stop(): Promise<void>;
}

export function embeddedSettings() {
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`EMBEDDED_PG_PORT must be a port number, got "${process.env.EMBEDDED_PG_PORT}"`);
  }
  const dataDir = path.resolve(projectRoot, process.env.EMBEDDED_PG_DATA_DIR ?? ".data/postgres");
  return { port, dataDir };
}

export async function ensureDatabaseExists(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function resolveDatabase(
  log: (line: string) => void = console.log,
  settings: { port: number; dataDir: string } = embeddedSettings(),
): Promise<ResolvedDatabase> {
  const external = process.env.DATABASE_URL;
  if (external)
    return { url: external, directUrl: process.env.DIRECT_DATABASE_URL || external, embedded: false, stop: async () => undefined };

  const { port, dataDir } = settings;
  // `npm run demo` (or `npm run dev`) may be running it already: join it, and leave it running.
  const running = await findRunningEmbeddedPostgres(dataDir);
  if (running) {
    log(
      `using the embedded PostgreSQL already running on port ${running.port} (data in ${path.relative(projectRoot, dataDir) || dataDir})`,
    );
    await ensureDatabaseExists(running.adminUrl, DEMO_DATABASE);
    // Not ours to stop: whoever started it does.
    const url = running.urlFor(DEMO_DATABASE);
    return { url, directUrl: url, embedded: true, stop: async () => undefined };
  }
  log(
    `DATABASE_URL is not set: starting the embedded PostgreSQL on port ${port} (data in ${path.relative(projectRoot, dataDir) || dataDir})`,
  );
  const server = await startEmbeddedPostgres({ dataDir, port, persistent: true });
  await ensureDatabaseExists(server.adminUrl, DEMO_DATABASE);
  const url = server.urlFor(DEMO_DATABASE);
  return { url, directUrl: url, embedded: true, stop: () => server.stop() };
}
