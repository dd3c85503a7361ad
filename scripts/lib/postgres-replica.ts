// A streaming physical replica of an embedded PostgreSQL, from the same binaries. The npm
// packages ship only initdb, pg_ctl and postgres (no pg_basebackup), so the base backup is
// PostgreSQL's low-level API: pg_backup_start, a copy of the data folder while the primary
// runs, pg_backup_stop's backup_label. Then standby.signal and primary_conninfo make the copy a
// hot standby that streams the primary's WAL through a physical replication slot (the primary
// keeps the WAL a paused or stopped replica still needs).
import { spawn, type ChildProcess } from "node:child_process";
import { chmod, chown, copyFile, mkdir, readdir, rm, writeFile, appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { trackChild } from "@/scripts/lib/child-processes";
import { assertPortFree } from "@/scripts/lib/embedded-postgres";

export interface Replica {
  port: number;
  urlFor(database: string): string;
  /** Pauses or resumes WAL replay (the replica keeps receiving): a replica that lags on purpose. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the server (fast shutdown) and keeps its data; `start()` brings it back to catch up. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its data and its slot on the primary. */
  destroy(): Promise<void>;
}

export interface ReplicaOptions {
  /** The primary's maintenance database URL (a superuser: backups and slots need one). */
  primaryAdminUrl: string;
  dataDir: string;
  port: number;
  /** Server settings (`-c name=value`); a hot standby needs max_connections etc. >= the primary's. */
  settings: Record<string, string>;
  slot?: string;
  log?: (line: string) => void;
}

// Not copied into a base backup (PostgreSQL's documentation, "Making a Base Backup Using the Low Level API").
const SKIP_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map", "standby.signal", "recovery.signal"]);
const EMPTY_DIRS = new Set([
  "pg_wal",
  "pg_replslot",
  "pg_dynshmem",
  "pg_notify",
  "pg_serial",
  "pg_snapshots",
  "pg_stat_tmp",
  "pg_subtrans",
]);

async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  return binaries.postgres;
}

/** Copies a live data folder, skipping what a base backup leaves out; files that vanish meanwhile are skipped too. */
async function copyDataDir(from: string, to: string, top = true): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  const entries = await readdir(from, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (top && SKIP_FILES.has(entry.name)) continue;
    if (entry.name.startsWith("pgsql_tmp")) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (top && EMPTY_DIRS.has(entry.name)) {
        await mkdir(path.join(target, ...(entry.name === "pg_wal" ? ["archive_status"] : [])), { recursive: true, mode: 0o700 });
        continue;
      }
      await copyDataDir(source, target, false);
    } else if (entry.isFile()) {
      await copyFile(source, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    }
  }
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await chown(child, uid, gid);
  }
}

const postgresUserIds = async (): Promise<{ uid: number; gid: number } | null> => {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  const { execFileSync } = await import("node:child_process");
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
};

/** Takes a base backup of the primary into `dataDir` and starts it as a hot standby streaming from it. */
export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const log = options.log ?? (() => undefined);
  const slot = options.slot ?? "replica";
  const dataDir = path.resolve(options.dataDir);
  await assertPortFree(options.port);
  await rm(dataDir, { recursive: true, force: true });

  const primary = new pg.Client({ connectionString: options.primaryAdminUrl });
  await primary.connect();
  const primaryUrl = new URL(options.primaryAdminUrl);
  try {
    await primary.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1", [slot]);
    // Reserved now, so the WAL from the backup's start on is kept until the replica has it.
    await primary.query("SELECT pg_create_physical_replication_slot($1, true)", [slot]);
    const source = (await primary.query<{ data_directory: string }>("SHOW data_directory")).rows[0]!.data_directory;
    await primary.query("SELECT pg_backup_start($1, true)", [`replica ${slot}`]);
    await copyDataDir(source, dataDir);
    const stopped = await primary.query<{ labelfile: string; spcmapfile: string | null }>(
      "SELECT labelfile, spcmapfile FROM pg_backup_stop(false)",
    );
    await writeFile(path.join(dataDir, "backup_label"), stopped.rows[0]!.labelfile);
    if (stopped.rows[0]!.spcmapfile) await writeFile(path.join(dataDir, "tablespace_map"), stopped.rows[0]!.spcmapfile);
  } finally {
    await primary.end();
  }
  await writeFile(path.join(dataDir, "standby.signal"), "");
  const conninfo = `host=${primaryUrl.hostname} port=${primaryUrl.port} user=${decodeURIComponent(primaryUrl.username)} password=${decodeURIComponent(primaryUrl.password)} application_name=${slot}`;
  await appendFile(path.join(dataDir, "postgresql.auto.conf"), `\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\n`);
  const owner = await postgresUserIds();
  if (owner) await chownTree(dataDir, owner.uid, owner.gid);
  await chmod(dataDir, 0o700);

  const binary = await postgresBinary();
  const urlFor = (database: string) => {
    const url = new URL(options.primaryAdminUrl);
    url.port = String(options.port);
    url.pathname = `/${database}`;
    return url.toString();
  };
  let server: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    const flags = Object.entries(options.settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
    const child = trackChild(
      spawn(binary, ["-D", dataDir, "-p", String(options.port), ...flags], { ...(owner ?? {}), stdio: ["ignore", "ignore", "pipe"] }),
    );
    server = child;
    exited = new Promise((resolve) => child.once("exit", () => resolve()));
    child.stderr?.on("data", (chunk: Buffer) => log(chunk.toString().trimEnd()));
    // A hot standby says "ready to accept read-only connections"; a connection that answers is proof enough.
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the replica exited with code ${child.exitCode} while starting`);
      const client = new pg.Client({ connectionString: urlFor("postgres"), connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        const { rows } = await client.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby");
        if (!rows[0]?.standby) throw new Error("the replica is not in recovery: it would take writes");
        return;
      } catch (error) {
        if (error instanceof Error && error.message.includes("would take writes")) throw error;
        if (Date.now() > deadline) throw new Error(`the replica did not accept connections within 60 s: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  };

  const stop = async () => {
    const child = server;
    server = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGINT");
    await exited;
  };

  const onReplica = async (sql: string) => {
    const client = new pg.Client({ connectionString: urlFor("postgres") });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  await start();
  return {
    port: options.port,
    urlFor,
    pauseReplay: () => onReplica("SELECT pg_wal_replay_pause()"),
    resumeReplay: () => onReplica("SELECT pg_wal_replay_resume()"),
    stop,
    start,
    async destroy() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: options.primaryAdminUrl });
      try {
        await client.connect();
        await client.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1", [slot]);
      } catch {
        // The primary is gone already: its slot went with it.
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}
