// `prisma generate` needs no native engine, but the CLI downloads one first unless
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file; these machines cannot download it.
// Runs on `npm install` (postinstall) so lib/generated/prisma always matches the schema.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
