// Once per `vitest run`: a real PostgreSQL (embedded in a temporary folder, or the server in
// DATABASE_URL) with a migrated template database. When DATABASE_URL is a transaction-mode
// pooler, DIRECT_DATABASE_URL names the server behind it: databases are created and migrated
// there, and the tests' clients connect through the pooler (scripts/test-pooled.ts). Each test file clones the template
// (CREATE DATABASE ... TEMPLATE), which takes milliseconds, so files never share data.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { findFreePort, startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";
import { applyMigrations } from "@/scripts/lib/schema-engine";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    /** The pooler's URL when the tests' clients go through one, else empty. */
    pooledUrl: string;
    templateDatabase: string;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  const templateDatabase = `storefront_template_${process.pid}`;
  const pooledUrl = process.env.DIRECT_DATABASE_URL ? (process.env.DATABASE_URL ?? "") : "";
  let adminUrl = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL;
  let stopServer = async () => undefined as void;
  let tempDir: string | undefined;

  if (!adminUrl) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), "storefront-test-"));
    const server = await startEmbeddedPostgres({
      dataDir: path.join(tempDir, "pg"),
      port: await findFreePort("postgres"),
      persistent: false,
    });
    adminUrl = server.adminUrl;
    stopServer = () => server.stop();
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase}"`);
  await admin.query(`CREATE DATABASE "${templateDatabase}"`);
  await applyMigrations(withDatabase(adminUrl, templateDatabase));

  project.provide("adminUrl", adminUrl);
  project.provide("pooledUrl", pooledUrl);
  project.provide("templateDatabase", templateDatabase);

  return async () => {
    // Test files drop their own databases; drop any left by a crashed worker, then the template.
    const left = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${templateDatabase}_%`]);
    for (const { datname } of left.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase}" WITH (FORCE)`);
    await admin.end();
    await stopServer();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  };
}
