// `npm run cluster`: the shop as it runs past one machine, on this one (scripts/lib/cluster.ts):
// a primary PostgreSQL and a streaming replica, PgBouncer in transaction mode, the shared
// payment simulator, N `next start` instances and nginx balancing them round robin on PORT.
//   PORT=3000 npm run cluster [-- --instances 3] [--db-port 55100] [--no-build]
// The instances and the payment simulator take the free ports above PORT; the databases and
// PgBouncer free ports from --db-port up (default: any the system offers).
// Data is kept (durably: fsync on) in .data/cluster; the replica is made anew from the primary
// at every start. The demo data is loaded once. Ctrl+C stops every process it started.
import { createRequire } from "node:module";
import path from "node:path";
import { settingsProblems } from "@/lib/env";
import { DEMO_USERS } from "@/scripts/demo-data";
import { startCluster } from "@/scripts/lib/cluster";
import { assertPortFree } from "@/scripts/lib/embedded-postgres";
import { buildIsCurrent, runNextBuild } from "@/scripts/lib/next-server";
import { projectRoot } from "@/scripts/lib/schema-engine";
import { loadLocalSecrets } from "@/scripts/lib/secrets";

const say = (line: string) => console.log(`\x1b[35m[cluster]\x1b[0m ${line}`);

// embedded-postgres's exit hook answers Ctrl+C by stopping the primary and exiting at once, which
// would cut our own shutdown short (the replica's folder and slot left behind): we stop it all.
const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const startedAt = Date.now();
  const port = Number(process.env.PORT ?? 3000);
  const instances = Number(option("instances") ?? 3);
  const dbPort = option("db-port") === undefined ? undefined : Number(option("db-port"));
  const sweepIntervalMs = Number(process.env.SWEEP_INTERVAL_MS ?? 5_000);
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const problems: string[] = [];
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`PORT: must be a port number, got "${process.env.PORT}"`);
  if (!Number.isInteger(instances) || instances < 1 || instances > 16) problems.push(`--instances: 1 to 16, got "${option("instances")}"`);
  if (dbPort !== undefined && (!Number.isInteger(dbPort) || dbPort < 1 || dbPort > 65_436))
    problems.push(`--db-port: a port number, got "${option("db-port")}"`);
  if (!Number.isFinite(sweepIntervalMs) || sweepIntervalMs < 100)
    problems.push(`SWEEP_INTERVAL_MS: at least 100, got "${process.env.SWEEP_INTERVAL_MS}"`);
  // Secrets that survive restarts (sessions, contact claims) come from .data/secrets.json, as for the demo.
  const secrets = await loadLocalSecrets();
  problems.push(
    ...settingsProblems({
      ...process.env,
      ...secrets,
      NEXTAUTH_URL: `http://localhost:${port}`,
      DATABASE_URL: "postgresql://checked@localhost/later",
      PAYMENT_SIMULATOR_URL: "http://127.0.0.1:1",
      STRIPE_WEBHOOK_SECRET: "whsec_made_for_this_run_0123",
    }),
  );
  if (problems.length > 0) throw new Error(`Invalid configuration (nothing was started):\n  ${problems.join("\n  ")}`);
  await assertPortFree(port);

  if (process.argv.includes("--no-build") || (await buildIsCurrent(distDir))) {
    say(`serving the build in ${distDir}`);
  } else {
    say("building the storefront (next build)…");
    await runNextBuild({ NEXT_DIST_DIR: distDir });
  }

  let stopping: Promise<void> | null = null;
  const cluster = await startCluster({
    instances,
    port,
    httpPorts: { from: port + 1, to: Math.min(port + 99, 65_535) },
    ...(dbPort === undefined ? {} : { databasePorts: { from: dbPort, to: dbPort + 99 } }),
    durable: true,
    dataDir: path.join(projectRoot, ".data", "cluster"),
    sweepIntervalMs,
    distDir,
    // The encryption key and the simulator's webhook secret are made for this run unless given.
    secrets: {
      ...secrets,
      ...(process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY
        ? { NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY }
        : {}),
    },
    // The outbox page for reset links, as in the demo (no mail server here).
    env: { DEV_MAIL_PAGE: "1" },
    log: say,
    onInstanceOutput: (index, text) => process.stdout.write(text.replace(/^(?=.)/gm, `[instance ${index + 1}] `)),
  });
  const shutdown = (code: number) => {
    stopping ??= (async () => {
      say("stopping every process…");
      await cluster.stop();
      say("stopped");
      process.exit(code);
    })();
  };
  exitHook.unhookEvent("SIGINT");
  exitHook.unhookEvent("SIGTERM");
  process.on("SIGINT", () => shutdown(0));
  process.on("SIGTERM", () => shutdown(0));
  for (const instance of cluster.instances) {
    instance.child().once("exit", (code, signal) => {
      if (!stopping) say(`instance ${instance.index + 1} exited (${signal ?? code}); nginx sends its requests to the others`);
    });
  }

  say(`primary ${cluster.directUrl}`);
  say(`replica ${cluster.replicaUrl ?? "(none)"} (catalogue reads that may lag)`);
  say(`PgBouncer ${cluster.pgbouncer.version}, transaction mode: ${cluster.databaseUrl}`);
  say(`payment simulator ${cluster.simulatorUrl}`);
  for (const instance of cluster.instances) say(`instance ${instance.index + 1}: ${instance.url}`);
  for (const user of Object.values(DEMO_USERS)) {
    say(`  sign in as ${user.email} / ${user.password}${"shop" in user ? " (shop owner)" : " (customer)"}`);
  }
  say(`storefront ready at ${cluster.url} through nginx (${((Date.now() - startedAt) / 1000).toFixed(1)} s). Ctrl+C stops it all.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
