// Runs a command with DATABASE_URL pointing at a migrated database: the embedded one unless
// DATABASE_URL is already set. `npm run dev` uses it for `next dev`.
//   tsx scripts/with-database.ts -- <command> [args...]
import { spawn } from "node:child_process";
import { resolveDatabase } from "@/scripts/lib/database";
import { applyMigrations } from "@/scripts/lib/schema-engine";
import { loadLocalSecrets } from "@/scripts/lib/secrets";

const separator = process.argv.indexOf("--");
const [command, ...args] = separator >= 0 ? process.argv.slice(separator + 1) : [];
if (!command) {
  console.error("usage: tsx scripts/with-database.ts -- <command> [args...]");
  process.exit(2);
}

const database = await resolveDatabase();
await applyMigrations(database.directUrl);
const child = spawn(command, args, {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: { ...process.env, ...(await loadLocalSecrets()), DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" },
});
const forward = (signal: NodeJS.Signals) => child.kill(signal);
process.on("SIGINT", forward);
process.on("SIGTERM", forward);
child.on("exit", (code) => {
  void database.stop().finally(() => process.exit(code ?? 1));
});
