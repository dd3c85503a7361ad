// Prisma's schema engine as WebAssembly, driven through the pg driver adapter. The Prisma
// CLI would download a native engine first, which these machines cannot; this runs the same
// engine code offline and writes the same `_prisma_migrations` bookkeeping as
// `prisma migrate deploy`, so either tool can be used on the same database.
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");
export const schemaPath = path.join(projectRoot, "prisma", "schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma", "migrations");

const noFilters = { externalTables: [], externalEnums: [] };

type EngineModule = typeof import("@prisma/schema-engine-wasm");

let engineModule: Promise<EngineModule> | undefined;

// The glue reports a Rust panic through this global; without it the panic's message is lost.
const panicRegistry = {
  message: "",
  set_message(message: string) {
    this.message = message;
  },
};
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;

// The package is built for bundlers (`import * as wasm from "./x.wasm"`), which plain Node
// rejects, so instantiate the .wasm by hand and hand its exports to the JS glue.
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import(gluePath)) as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}

// adapter-pg runs a migration script by splitting it on ";", which breaks any function body
// (a trigger's $$ ... $$) and applies a failing migration half-way. One simple-protocol query
// runs the whole script in one implicit transaction instead: all of it or none of it.
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver();
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };
    return adapter;
  }
}

export async function withSchemaEngine<T>(databaseUrl: string, run: (engine: SchemaEngine, schema: string) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = await readFile(schemaPath, "utf8");
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg(pool));
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => undefined, adapter);
  try {
    return await run(engine, schema);
  } finally {
    engine.free();
    // Close the pool before anyone stops the server, or pg reports the admin shutdown.
    await pool.end();
  }
}

export async function readMigrationList(): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: await readFile(lockPath, "utf8").catch(() => null),
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => {
        const file = path.join(migrationsDir, dir, "migration.sql");
        const content = await readFile(file, "utf8")
          .then((value) => ({ tag: "ok" as const, value }))
          .catch((error: Error) => ({ tag: "error" as const, value: error.message }));
        return { path: dir, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}

/** Applies every migration not yet applied, like `prisma migrate deploy`. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const migrationsList = await readMigrationList();
  return withSchemaEngine(databaseUrl, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  });
}

/**
 * schema.prisma as the newest migration left it: `npm run db:migration` writes it with each
 * migration, and the next migration is the diff from it to the edited schema.prisma. (The
 * engine's own ways, replaying migrations in a shadow database or reading a live one, fail in
 * the WebAssembly build through the pg adapter.) One file for all migrations; Prisma ignores it.
 */
export const snapshotPath = path.join(migrationsDir, "snapshot.prisma");

async function readSnapshot(): Promise<string> {
  try {
    return await readFile(snapshotPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new Error(
      `${path.relative(projectRoot, snapshotPath)} is missing. It is schema.prisma as the newest migration left it, and ` +
        "`npm run db:migration` diffs from it. Restore it from git (git checkout -- prisma/migrations/snapshot.prisma); " +
        "if a migration was made by `prisma migrate dev`, copy the schema.prisma it was made from there.",
    );
  }
}

/** The SQL that takes a database at the newest migration to the current schema.prisma ("" when nothing changed). */
export async function draftSchemaMigration(databaseUrl: string): Promise<string> {
  const snapshot = await readSnapshot();
  return withSchemaEngine(databaseUrl, async (engine, schema) => {
    const result = await engine.diff({
      from: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: snapshot }] },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const script = result.stdout ?? "";
    // The engine answers a comment when there is nothing to do.
    return /^\s*[A-Z]/m.test(script.replace(/^--.*$/gm, "")) ? script : "";
  });
}
