// The README's run command: one process that brings the whole storefront up on this machine.
//   0. every setting checked as `next start` will check it, before anything starts or builds
//   1. PostgreSQL: DATABASE_URL if set, else the embedded server (data in .data/postgres)
//   2. migrations, then the demo data (once: skipped when shops exist)
//   3. `next build` (skip with --no-build when a build is current) and `next start` on PORT
//   4. the cron sweeps on a timer, as Vercel cron would call them in production
import { settingsProblems } from "@/lib/env";
import { DEMO_USERS } from "@/scripts/demo-data";
import { embeddedSettings, resolveDatabase } from "@/scripts/lib/database";
import { assertPortFree } from "@/scripts/lib/embedded-postgres";
import { runNextBuild, spawnNext, waitForHttp } from "@/scripts/lib/next-server";
import { applyMigrations } from "@/scripts/lib/schema-engine";
import { loadLocalSecrets } from "@/scripts/lib/secrets";
import { startSweepTimer } from "@/scripts/lib/sweep-timer";
import { seedDemoData } from "@/scripts/seed";

const startedAt = Date.now();
const port = Number(process.env.PORT ?? 3000);
const sweepEveryMs = Number(process.env.SWEEP_INTERVAL_MS ?? 5_000);
const say = (line: string) => console.log(`\x1b[36m[demo]\x1b[0m ${line}`);

/** The launcher's own settings and the app's (lib/env.ts, judged as in production). */
function configurationProblems(appEnv: Record<string, string>): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`PORT: must be a port number, got "${process.env.PORT}"`);
  if (!Number.isFinite(sweepEveryMs) || sweepEveryMs < 100)
    problems.push(`SWEEP_INTERVAL_MS: must be at least 100, got "${process.env.SWEEP_INTERVAL_MS}"`);
  try {
    embeddedSettings();
  } catch (error) {
    problems.push((error as Error).message);
  }
  return [...problems, ...settingsProblems({ ...process.env, ...appEnv })];
}

async function main() {
  // Checked first: a bad setting is reported in a second, not after minutes of building.
  const secrets = await loadLocalSecrets();
  const appUrl = `http://localhost:${port}`;
  const problems = configurationProblems({ ...secrets, NEXTAUTH_URL: appUrl });
  if (problems.length > 0) throw new Error(`Invalid configuration (nothing was started):\n  ${problems.join("\n  ")}`);

  await assertPortFree(port).catch((error: Error) => {
    throw new Error(
      `${error.message.replace(/\(see README.*\)/, "")} Set PORT to serve the storefront elsewhere, e.g. PORT=3001 npm run demo`,
    );
  });

  const database = await resolveDatabase(say);
  const cleanups: (() => unknown)[] = [() => database.stop()];
  const shutdown = async (code: number) => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    const applied = await applyMigrations(database.directUrl);
    say(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
    // The demo accounts' contact claims are keyed with the server's HMAC secret.
    say(await seedDemoData(database.url, { force: false, contactSecret: secrets.CONTACT_HMAC_SECRET }));

    // No mail service in the demo: password reset links are read on the outbox page /dev/mail.
    const env = { ...secrets, DATABASE_URL: database.url, NEXTAUTH_URL: appUrl, DEV_MAIL_PAGE: "1" };
    if (!process.argv.includes("--no-build")) {
      say("building the storefront (next build)…");
      await runNextBuild(env);
    }

    const server = spawnNext({ mode: "start", port, env });
    cleanups.push(() => server.kill("SIGTERM"));
    server.on("exit", (code) => void shutdown(code ?? 1));
    await waitForHttp(`http://localhost:${port}/`, 120_000);

    const stopSweeps = startSweepTimer({
      baseUrl: `http://localhost:${port}`,
      cronSecret: secrets.CRON_SECRET,
      intervalMs: sweepEveryMs,
      log: say,
    });
    cleanups.push(stopSweeps);

    for (const user of Object.values(DEMO_USERS)) {
      say(`  sign in as ${user.email} / ${user.password}${"shop" in user ? " (shop owner)" : " (customer)"}`);
    }
    say(
      `storefront ready at http://localhost:${port} (${((Date.now() - startedAt) / 1000).toFixed(1)} s). Ctrl+C stops it and the database.`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
