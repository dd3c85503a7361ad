// prisma/sql/: the current text of every SQL function, view, trigger and composite type the
// app defines, one object per file, named after it. Migrations are history (applied once, never
// edited); these files are the present. A change here becomes a migration through
// `npm run db:migration` (scripts/db.ts), which copies each changed file into the new
// migration, and a test (scripts/lib/sql-home.test.ts) fails while the migrated database
// and these files disagree.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { projectRoot } from "@/scripts/lib/schema-engine";

export const sqlHomeDir = path.join(projectRoot, "prisma", "sql");

export type SqlKind = "function" | "view" | "trigger" | "type";

export interface SqlObject {
  kind: SqlKind;
  name: string;
  /** Relative to the project root, for messages. */
  file: string;
  sql: string;
}

const HEADS: [RegExp, SqlKind][] = [
  [/^\s*CREATE\s+OR\s+REPLACE\s+FUNCTION\s+"?(\w+)"?/im, "function"],
  [/^\s*CREATE\s+OR\s+REPLACE\s+VIEW\s+"?(\w+)"?/im, "view"],
  [/^\s*CREATE\s+OR\s+REPLACE\s+TRIGGER\s+"?(\w+)"?/im, "trigger"],
  [/^\s*CREATE\s+TYPE\s+"?(\w+)"?/im, "type"],
];

/** Every object of prisma/sql, in file name order. */
export async function readSqlHome(dir = sqlHomeDir): Promise<SqlObject[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      const sql = await readFile(file, "utf8");
      const relative = path.relative(projectRoot, file);
      const found = HEADS.map(([pattern, kind]) => ({ kind, match: pattern.exec(sql) })).find((head) => head.match);
      if (!found?.match) throw new Error(`${relative}: expected CREATE OR REPLACE FUNCTION | VIEW | TRIGGER, or CREATE TYPE`);
      const objectName = found.match[1]!;
      if (`${objectName}.sql` !== name) throw new Error(`${relative} defines "${objectName}": name the file ${objectName}.sql`);
      return { kind: found.kind, name: objectName, file: relative, sql };
    }),
  );
}

export type DriftState = "missing" | "differs" | "orphan";

export interface SqlDrift {
  kind: SqlKind;
  name: string;
  state: DriftState;
  /** The file (absent for an orphan: in the database with no file). */
  object?: SqlObject;
}

const CHECK_SCHEMA = "sql_home_check";

/** The definition PostgreSQL keeps of an object (normalised by the server), or null when absent. */
async function definitionOf(client: pg.ClientBase, kind: SqlKind, name: string, schema = "public"): Promise<string | null> {
  const query: Record<SqlKind, string> = {
    function: `SELECT string_agg(pg_get_functiondef(p.oid), E'\\n' ORDER BY p.oid) AS def
                 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $2 AND p.proname = $1`,
    view: `SELECT pg_get_viewdef(c.oid, true) || E'\\n' || string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) AS def
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
            WHERE n.nspname = $2 AND c.relname = $1 AND c.relkind = 'v' GROUP BY c.oid`,
    trigger: `SELECT string_agg(pg_get_triggerdef(t.oid), E'\\n' ORDER BY t.oid) AS def
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = $2 AND t.tgname = $1 AND NOT t.tgisinternal`,
    type: `SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) AS def
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = $2 AND t.typname = $1 AND t.typtype = 'c'`,
  };
  const result = await client.query<{ def: string | null }>(query[kind], [name, schema]);
  return result.rows[0]?.def ?? null;
}

/** Objects of the app in the database (extensions' own left out), for orphans. */
async function objectsInDatabase(client: pg.ClientBase): Promise<{ kind: SqlKind; name: string }[]> {
  const result = await client.query<{ kind: SqlKind; name: string }>(`
    SELECT 'function' AS kind, p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION SELECT 'view', c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'v'
    UNION SELECT 'trigger', t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND NOT t.tgisinternal
    UNION SELECT 'type', t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')`);
  return result.rows;
}

const UNDEFINED = new Set(["42883", "42704", "42P01"]);

/**
 * Where the database (migrated to the newest migration) and prisma/sql disagree: each file is
 * run inside a transaction that is rolled back, and the definition PostgreSQL keeps is compared
 * before and after. A file that depends on another not yet defined is retried after the others.
 */
export async function findSqlDrift(client: pg.ClientBase, objects: SqlObject[]): Promise<SqlDrift[]> {
  const drift: SqlDrift[] = [];
  await client.query("BEGIN");
  try {
    let pending = [...objects];
    while (pending.length > 0) {
      const retry: SqlObject[] = [];
      for (const object of pending) {
        await client.query("SAVEPOINT sql_home");
        try {
          const state = await compare(client, object);
          await client.query("RELEASE SAVEPOINT sql_home");
          if (state) drift.push({ kind: object.kind, name: object.name, state, object });
        } catch (error) {
          await client.query("ROLLBACK TO SAVEPOINT sql_home");
          const code = (error as { code?: string }).code ?? "";
          if (UNDEFINED.has(code)) retry.push(object);
          // CREATE OR REPLACE cannot change a function's result type or drop a view's column:
          // different all the same, and the migration has to drop it first.
          else if (code === "42P13" || code === "42P16") drift.push({ kind: object.kind, name: object.name, state: "differs", object });
          else throw new Error(`${object.file}: ${(error as Error).message}`);
        }
      }
      if (retry.length === pending.length) {
        throw new Error(`these files refer to something no file or migration defines: ${retry.map((object) => object.file).join(", ")}`);
      }
      pending = retry;
    }
    const known = new Set(objects.map((object) => `${object.kind}:${object.name}`));
    for (const found of await objectsInDatabase(client)) {
      if (!known.has(`${found.kind}:${found.name}`)) drift.push({ ...found, state: "orphan" });
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return drift;
}

async function compare(client: pg.ClientBase, object: SqlObject): Promise<DriftState | null> {
  const before = await definitionOf(client, object.kind, object.name);
  if (object.kind === "type") {
    // No CREATE OR REPLACE for types: create the file's type beside the real one and compare.
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${CHECK_SCHEMA}`);
    await client.query(`SET LOCAL search_path = ${CHECK_SCHEMA}, public`);
    await client.query(object.sql);
    const fromFile = await definitionOf(client, "type", object.name, CHECK_SCHEMA);
    await client.query("SET LOCAL search_path = public");
    if (before === null) return "missing";
    return fromFile === before ? null : "differs";
  }
  await client.query(object.sql);
  const after = await definitionOf(client, object.kind, object.name);
  if (before === null) return "missing";
  return after === before ? null : "differs";
}

/** What a new migration needs for the drifted objects: each file as it stands, orphans named for the developer. */
export function migrationScriptFor(drift: SqlDrift[]): string {
  const parts: string[] = [];
  for (const item of drift) {
    if (item.state === "orphan") {
      parts.push(`-- ${item.kind} ${item.name} is in the database but has no file in prisma/sql: drop it here, or add its file.`);
      continue;
    }
    const object = item.object!;
    if (item.state === "differs" && object.kind === "type") {
      // CREATE TYPE would fail on the existing type: shown commented out, for the hand-written ALTER TYPE.
      const commented = object.sql.trim().replace(/^/gm, "-- ");
      parts.push(`-- Changed: ${object.file}. A type cannot be replaced: write its ALTER TYPE here by hand.\n${commented}\n`);
      continue;
    }
    const note =
      item.state === "missing"
        ? `-- New: ${object.file}`
        : `-- Changed: ${object.file} (copied as it stands; if PostgreSQL refuses to replace it, DROP it first).`;
    parts.push(`${note}\n${object.sql.trim()}\n`);
  }
  return parts.join("\n");
}
