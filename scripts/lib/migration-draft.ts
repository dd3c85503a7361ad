// What `npm run db:migration` writes: the schema change (schema.prisma against the snapshot the
// newest migration left) and every prisma/sql file that differs from what the migrations leave
// in a database. The comparison runs on a scratch database migrated from nothing, on the same
// server, and dropped afterwards: the developer's own database may be behind or ahead.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations, draftSchemaMigration } from "@/scripts/lib/schema-engine";
import { findSqlDrift, migrationScriptFor, readSqlHome, type SqlDrift } from "@/scripts/lib/sql-home";

export interface MigrationDraft {
  /** The migration's SQL; "" when schema.prisma and prisma/sql match the migrations. */
  script: string;
  sqlChanges: SqlDrift[];
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function draftMigration(serverUrl: string): Promise<MigrationDraft> {
  const name = `storefront_draft_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = withDatabase(serverUrl, name);
    await applyMigrations(url);
    const schemaScript = await draftSchemaMigration(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let sqlChanges: SqlDrift[];
    try {
      // The schema change first: a new function may read a new column.
      if (schemaScript) await client.query(schemaScript);
      sqlChanges = await findSqlDrift(client, await readSqlHome());
    } finally {
      await client.end();
    }
    const parts = [schemaScript.trim(), migrationScriptFor(sqlChanges).trim()].filter(Boolean);
    return { script: parts.length ? `${parts.join("\n\n")}\n` : "", sqlChanges };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
