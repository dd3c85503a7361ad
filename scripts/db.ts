// Database tooling that works offline (see README: Database):
//   tsx scripts/db.ts migrate            apply pending migrations
//   tsx scripts/db.ts migration <name>   write prisma/migrations/<timestamp>_<name>/migration.sql from
//                                        the change to schema.prisma and to prisma/sql
//   tsx scripts/db.ts seed [--force]     load the demo data (skipped when shops exist)
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { resolveDatabase } from "@/scripts/lib/database";
import { draftMigration } from "@/scripts/lib/migration-draft";
import { applyMigrations, migrationsDir, schemaPath, snapshotPath } from "@/scripts/lib/schema-engine";
import { seedDemoData } from "@/scripts/seed";

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const database = await resolveDatabase();
  try {
    switch (command) {
      case "migrate": {
        const applied = await applyMigrations(database.directUrl);
        console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
        break;
      }
      case "migration": {
        const name = (args[0] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
        if (!name) throw new Error("usage: npm run db:migration -- <name>");
        const draft = await draftMigration(database.directUrl);
        if (!draft.script) {
          console.log("schema.prisma and prisma/sql match the migrations: nothing to write");
          break;
        }
        const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
        const dir = path.join(migrationsDir, `${stamp}_${name}`);
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, "migration.sql"), draft.script);
        await copyFile(schemaPath, snapshotPath);
        for (const change of draft.sqlChanges) console.log(`  ${change.state}: ${change.kind} ${change.name}`);
        console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql — review it, add CHECK constraints, then npm run db:migrate`);
        break;
      }
      case "seed": {
        await applyMigrations(database.directUrl);
        const result = await seedDemoData(database.url, { force: args.includes("--force") });
        console.log(result);
        break;
      }
      default:
        throw new Error(`unknown command "${command ?? ""}" (migrate | migration <name> | seed)`);
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
