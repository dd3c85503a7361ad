import path from "node:path";
import { defineConfig } from "prisma/config";

// Used by `prisma generate` (and by `prisma migrate deploy` where Prisma's native engine can
// be downloaded). Offline, migrations go through scripts/db.ts and the WebAssembly engine.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/storefront" },
});
