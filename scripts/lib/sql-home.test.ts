// The migrated database and prisma/sql agree: every function, view, trigger and composite type
// there has its file, and every file is what the migrations left in the database. A file edited
// without a migration (or a migration that changed a function without its file) fails here,
// naming the object; `npm run db:migration -- <name>` writes the migration.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftSchemaMigration } from "@/scripts/lib/schema-engine";
import { findSqlDrift, readSqlHome } from "@/scripts/lib/sql-home";
import { useTestDatabase } from "@/test/support/test-database";

let client: pg.Client;
let url: string;

beforeAll(async () => {
  const t = await useTestDatabase(1);
  url = t.url;
  client = new pg.Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
});

describe("prisma/sql is the current text of the database's functions", () => {
  it("every object in the migrated database matches its file, and has one", async () => {
    const drift = await findSqlDrift(client, await readSqlHome());
    expect(drift.map(({ kind, name, state }) => `${state}: ${kind} ${name}`)).toEqual([]);
  });

  it("schema.prisma has no change that a migration does not carry", async () => {
    expect((await draftSchemaMigration(url)).trim()).toBe("");
  });
});
