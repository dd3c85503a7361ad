// The production topology on one machine, from real parts (README: "Deploying"):
//   primary PostgreSQL (embedded binaries, wal_level=replica)
//     ├─ streaming physical replica (base backup + standby.signal + primary_conninfo)
//     └─ PgBouncer, transaction mode            <- DATABASE_URL of every instance
//   payment simulator server                    <- PAYMENT_SIMULATOR_URL of every instance
//   N × `next start` (one build, shared secrets) <- sweeps on a timer against each
//   nginx, round robin over the instances       <- the shop's one URL
// `npm run cluster` runs it for people; the fault tests and the HTTP benchmark start the same
// thing through startCluster() and drive its parts.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { trackChild } from "@/scripts/lib/child-processes";
import { DEMO_DATABASE, ensureDatabaseExists } from "@/scripts/lib/database";
import { findFreePort, startEmbeddedPostgres, type CrashableDatabase } from "@/scripts/lib/embedded-postgres";
import { waitForHttp } from "@/scripts/lib/next-server";
import { startLoadBalancer, type LoadBalancer } from "@/scripts/lib/nginx";
import { startPgBouncer, type PgBouncer } from "@/scripts/lib/pgbouncer";
import { startReplica, type Replica } from "@/scripts/lib/postgres-replica";
import { applyMigrations, projectRoot } from "@/scripts/lib/schema-engine";
import { startSweepTimer } from "@/scripts/lib/sweep-timer";
import { seedDemoData } from "@/scripts/seed";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

/** What every instance must share (README: "Deploying"). */
export interface ClusterSecrets {
  CRON_SECRET: string;
  CONTACT_HMAC_SECRET: string;
  NEXTAUTH_SECRET: string;
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: string;
  STRIPE_WEBHOOK_SECRET: string;
}

export interface ClusterOptions {
  /** `next start` instances behind nginx (default 3). */
  instances?: number;
  /** Where the servers keep their data; default a temporary folder deleted by stop(). */
  dataDir?: string;
  /** fsync and synchronous commits on (`npm run cluster`); off for a throw-away test cluster. */
  durable?: boolean;
  /** The load balancer's port (default: a free one). */
  port?: number;
  /** Where to look for free ports for the instances and the payment simulator (default: any). */
  httpPorts?: { from: number; to: number };
  /** Where to look for free ports for the primary, the replica and PgBouncer (default: any). */
  databasePorts?: { from: number; to: number };
  /** DATABASE_POOL_SIZE of each instance (default 8). PgBouncer gets instances × this per database. */
  poolSize?: number;
  /** false: every instance's DATABASE_URL is the primary itself, not PgBouncer (the bench's direct figures). Default true. */
  pooled?: boolean;
  /** Without a replica, DATABASE_REPLICA_URLS stays unset. Default true. */
  replica?: boolean;
  /** Load the demo data once (default true). */
  seed?: boolean;
  /** Call every cron route on every instance this often (ms); 0 for no timer (default 5000). */
  sweepIntervalMs?: number;
  /** The build to serve (default NEXT_DIST_DIR or .next); it must exist. */
  distDir?: string;
  secrets?: Partial<ClusterSecrets>;
  /** More settings for every instance (e.g. SAGA_LEASE). */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Each instance's output, labelled (default: kept in memory only, see ClusterInstance.output). */
  onInstanceOutput?: (instance: number, text: string) => void;
}

export interface ClusterInstance {
  index: number;
  port: number;
  url: string;
  /** What it printed, for a failing test's message. */
  output: string[];
  child(): ChildProcess;
  /** SIGKILL: no shutdown, requests cut mid-way. Resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after kill or stop). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface Cluster {
  /** The shop's URL: nginx. */
  url: string;
  instances: ClusterInstance[];
  /** Through PgBouncer: what the instances use. */
  databaseUrl: string;
  /** The primary itself: migrations, tests' own checks, the audit. */
  directUrl: string;
  replicaUrl: string | null;
  simulatorUrl: string;
  secrets: ClusterSecrets;
  primary: CrashableDatabase;
  replica: Replica | null;
  pgbouncer: PgBouncer;
  loadBalancer: LoadBalancer;
  /** Stops everything, newest first (load balancer and sweeps, instances, simulator, pooler, replica, primary). */
  stop(): Promise<void>;
}

export function generateClusterSecrets(given: Partial<ClusterSecrets> = {}): ClusterSecrets {
  const random = () => randomBytes(32).toString("base64url");
  return {
    CRON_SECRET: given.CRON_SECRET ?? random(),
    CONTACT_HMAC_SECRET: given.CONTACT_HMAC_SECRET ?? random(),
    NEXTAUTH_SECRET: given.NEXTAUTH_SECRET ?? random(),
    // Next.js encrypts server actions' closed-over values with it: AES-256, base64.
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: given.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    STRIPE_WEBHOOK_SECRET: given.STRIPE_WEBHOOK_SECRET ?? `whsec_${random()}`,
  };
}

function serverSettings(durable: boolean): Record<string, string> {
  return {
    fsync: durable ? "on" : "off",
    synchronous_commit: durable ? "on" : "off",
    max_connections: "300",
    wal_level: "replica",
    max_wal_senders: "5",
    max_replication_slots: "5",
    hot_standby: "on",
    // The replica reports what its queries still read, so the primary's vacuum does not cancel them.
    hot_standby_feedback: "on",
  };
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.instances ?? 3;
  const durable = options.durable ?? false;
  const poolSize = options.poolSize ?? 8;
  const log = options.log ?? (() => undefined);
  const distDir = options.distDir ?? (process.env.NEXT_DIST_DIR || ".next");
  const secrets = generateClusterSecrets(options.secrets);
  const temporary = !options.dataDir;
  const root = path.resolve(options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), "storefront-cluster-"))));
  await mkdir(root, { recursive: true });
  // PostgreSQL and PgBouncer run as the postgres user when we are root: they must reach their folders.
  if (typeof process.getuid === "function" && process.getuid() === 0) await chmod(root, 0o777);

  const httpPort = () => findFreePort("http", options.httpPorts);
  const databasePort = () => findFreePort("postgres", options.databasePorts);
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => log(`stopping: ${String(error)}`));
    if (temporary) await rm(root, { recursive: true, force: true });
  };

  try {
    const settings = serverSettings(durable);
    const primary = await startEmbeddedPostgres({
      dataDir: path.join(root, "primary"),
      port: await databasePort(),
      persistent: true,
      settings,
      log: (line) => (/FATAL|PANIC|ERROR/.test(line) && !/administrator command/.test(line) ? log(`[primary] ${line}`) : undefined),
    });
    const primaryChild = primary.child();
    if (primaryChild) trackChild(primaryChild);
    cleanups.push(() => primary.stop());
    await ensureDatabaseExists(primary.adminUrl, DEMO_DATABASE);
    const directUrl = primary.urlFor(DEMO_DATABASE);
    const applied = await applyMigrations(directUrl);
    if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
    if (options.seed ?? true) log(await seedDemoData(directUrl, { force: false, contactSecret: secrets.CONTACT_HMAC_SECRET }));

    let replica: Replica | null = null;
    if (options.replica ?? true) {
      const started = await startReplica({
        primaryAdminUrl: primary.adminUrl,
        dataDir: path.join(root, "replica"),
        port: await databasePort(),
        settings,
        // Its "starting up" refusals while we wait for it to accept connections are expected.
        log: (line) => (/FATAL|PANIC/.test(line) && !/starting up|administrator command/.test(line) ? log(`[replica] ${line}`) : undefined),
      });
      replica = started;
      cleanups.push(() => started.destroy());
    }
    const replicaUrl = replica ? replica.urlFor(DEMO_DATABASE) : null;

    const admin = new URL(primary.adminUrl);
    const pgbouncer = await startPgBouncer({
      dir: path.join(root, "pgbouncer"),
      port: await databasePort(),
      upstream: { host: admin.hostname, port: Number(admin.port), user: "postgres", password: "postgres" },
      poolSize: count * poolSize,
      log: (line) => (/FATAL|ERROR|WARNING/.test(line) ? log(`[pgbouncer] ${line}`) : undefined),
    });
    cleanups.push(() => pgbouncer.stop());
    const databaseUrl = pgbouncer.urlFor(DEMO_DATABASE);

    const lbPort = options.port ?? (await httpPort());
    const ports = await Promise.all(Array.from({ length: count }, () => httpPort()));
    const url = `http://localhost:${lbPort}`;

    const simulatorPort = await httpPort();
    const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
    const simulator = trackChild(
      spawn(
        process.execPath,
        [
          tsxCli,
          "--conditions=react-server",
          path.join(projectRoot, "scripts", "payment-simulator-server.ts"),
          "--port",
          String(simulatorPort),
          "--webhook-url",
          `http://127.0.0.1:${lbPort}/api/webhooks/stripe`,
        ],
        {
          cwd: projectRoot,
          env: { ...process.env, STRIPE_WEBHOOK_SECRET: secrets.STRIPE_WEBHOOK_SECRET },
          stdio: ["ignore", "pipe", "pipe"],
        },
      ),
    );
    const simulatorExited = new Promise<void>((resolve) => simulator.once("exit", () => resolve()));
    simulator.stdout?.on("data", (chunk: Buffer) => log(chunk.toString().trimEnd()));
    simulator.stderr?.on("data", (chunk: Buffer) => log(`[payments] ${chunk.toString().trimEnd()}`));
    cleanups.push(async () => {
      if (simulator.exitCode === null && simulator.signalCode === null) simulator.kill("SIGTERM");
      await simulatorExited;
    });

    const appEnv: Record<string, string> = {
      ...secrets,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: distDir,
      DATABASE_URL: options.pooled === false ? directUrl : databaseUrl,
      DIRECT_DATABASE_URL: directUrl,
      DATABASE_REPLICA_URLS: replicaUrl ?? "",
      DATABASE_POOL_SIZE: String(poolSize),
      PAYMENT_SIMULATOR_URL: simulatorUrl,
      NEXTAUTH_URL: url,
      // nginx sets X-Forwarded-For, X-Real-IP and X-Forwarded-Host; nobody else can reach the instances' ports.
      TRUST_PROXY_HEADERS: "true",
      ...options.env,
    };
    const instances = ports.map((port, index) => clusterInstance(index, port, appEnv, options.onInstanceOutput));
    cleanups.push(() => Promise.all(instances.map((instance) => instance.stop())));
    await Promise.all(instances.map((instance) => instance.start()));
    await waitForHttp(`${simulatorUrl}/simulator/payment-intents`, 60_000);

    const loadBalancer = await startLoadBalancer({
      dir: path.join(root, "nginx"),
      port: lbPort,
      upstreams: ports,
      log: (line) => log(`[nginx] ${line}`),
    });
    cleanups.push(() => loadBalancer.stop());

    // Sweeps run against every instance at once, as several cron callers would: they are safe to overlap.
    const sweepEvery = options.sweepIntervalMs ?? 5_000;
    if (sweepEvery > 0) {
      for (const instance of instances) {
        const stopSweeps = startSweepTimer({
          baseUrl: instance.url,
          cronSecret: secrets.CRON_SECRET,
          intervalMs: sweepEvery,
          log: (line) => log(`[instance ${instance.index + 1}] ${line}`),
        });
        cleanups.push(async () => stopSweeps());
      }
    }

    return {
      url,
      instances,
      databaseUrl,
      directUrl,
      replicaUrl,
      simulatorUrl,
      secrets,
      primary,
      replica,
      pgbouncer,
      loadBalancer,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function clusterInstance(
  index: number,
  port: number,
  env: Record<string, string>,
  onOutput?: (instance: number, text: string) => void,
): ClusterInstance {
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (output.length > 2_000) output.splice(0, 1_000);
    onOutput?.(index, text);
  };
  const gone = (running: ChildProcess) => running.exitCode !== null || running.signalCode !== null;
  const instance: ClusterInstance = {
    index,
    port,
    url,
    output,
    child: () => {
      if (!child) throw new Error(`instance ${index + 1} is not running`);
      return child;
    },
    async start() {
      const started = trackChild(
        spawn(process.execPath, [nextBin, "start", "--port", String(port)], {
          cwd: projectRoot,
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "pipe"],
        }),
      );
      child = started;
      exited = new Promise((resolve) => started.once("exit", () => resolve()));
      started.stdout?.on("data", keep);
      started.stderr?.on("data", keep);
      await Promise.race([
        waitForHttp(`${url}/sign-in`, 120_000),
        exited.then(() => {
          throw new Error(`instance ${index + 1} exited while starting:\n${output.join("").slice(-2_000)}`);
        }),
      ]);
    },
    async kill() {
      if (child && !gone(child)) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child && !gone(child)) child.kill("SIGTERM");
      await exited;
    },
  };
  return instance;
}
