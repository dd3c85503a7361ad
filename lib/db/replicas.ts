// Reads that may lag, on streaming replicas (DATABASE_REPLICA_URLS) through Prisma's own
// @prisma/extension-read-replicas. Two things the extension does not do, done here:
//   - it sends every model read outside a transaction to a replica, which would show a
//     customer a cart without the line they just added. The app's client stays the primary
//     (`$primary()`), and only reads passed to `read()` reach `$replica()`: the catalogue and
//     the descriptive parts of product pages (README: "Reads that may lag").
//   - a replica that is down, or behind by more than `maxLagMs`, would answer with an error
//     or with old rows. Each replica's lag is asked at most once per `checkEveryMs` (one
//     short query, shared by the reads meanwhile); a replica that is down, lagging too far or
//     failing a read is passed over for the primary, and the reader sees no error.
import { readReplicas } from "@prisma/extension-read-replicas";
import { z } from "zod";
import type { Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

export interface ReplicaReadOptions<T> {
  /** Ask the primary when the replica's answer may be missing a fresh write (e.g. a product not found yet). */
  orPrimaryIf?: (result: T) => boolean;
}

export interface ReplicaReads {
  /** Runs a read that may lag: on a replica in time, otherwise on the primary. */
  read<T>(work: (db: Db) => Promise<T>, options?: ReplicaReadOptions<T>): Promise<T>;
  /** How far behind each replica was when last asked (ms; null: down or not asked yet). */
  lags(): (number | null)[];
  disconnect(): Promise<void>;
}

export interface ReplicaReadsOptions {
  /** A replica further behind than this is passed over. */
  maxLagMs: number;
  /** How often a replica's lag is asked (ms). */
  checkEveryMs?: number;
  /** The longest wait for a replica to answer the lag question (ms). */
  checkTimeoutMs?: number;
  /** Told when a read goes to the primary instead (once per change of mind, not per read). */
  onPassOver?: (replica: number, why: string) => void;
}

interface Health {
  checkedAt: number;
  lagMs: number | null;
  why: string;
  pending: Promise<void> | null;
}

// How far behind a standby is: nothing when it has replayed all it received and replay is not
// paused; otherwise the age of the last transaction it replayed (an over-estimate when the
// primary was idle before: the safe side). A server not in recovery is not behind.
const LAG_SQL = Prisma.sql`
  SELECT CASE
           WHEN NOT pg_is_in_recovery() THEN 0
           WHEN pg_get_wal_replay_pause_state() = 'not paused'
                AND pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
           ELSE COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000, 1e12)
         END::float8 AS lag_ms`;

export function createReplicaReads(primary: Db, replicas: Db[], options: ReplicaReadsOptions): ReplicaReads {
  const checkEveryMs = options.checkEveryMs ?? 1_000;
  const checkTimeoutMs = options.checkTimeoutMs ?? 1_000;
  const routed = replicas.length > 0 ? primary.$extends(readReplicas({ replicas: replicas as never[] })) : null;
  const health = new Map<Db, Health>(replicas.map((replica) => [replica, { checkedAt: 0, lagMs: null, why: "", pending: null }]));

  const note = (replica: Db, lagMs: number | null, why: string) => {
    const entry = health.get(replica)!;
    if (why && why !== entry.why) options.onPassOver?.(replicas.indexOf(replica), why);
    Object.assign(entry, { checkedAt: Date.now(), lagMs, why });
  };

  const check = (replica: Db): Promise<void> => {
    const entry = health.get(replica)!;
    entry.pending ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
        });
        const [row] = await Promise.race([sqlRows(replica, z.object({ lag_ms: col.number }), LAG_SQL), timeout]);
        const lagMs = row?.lag_ms ?? Infinity;
        note(replica, lagMs, lagMs > options.maxLagMs ? `behind by ${Math.round(lagMs)} ms` : "");
      } catch (error) {
        note(replica, null, `down (${firstLine(error)})`);
      } finally {
        clearTimeout(timer);
        entry.pending = null;
      }
    })();
    return entry.pending;
  };

  const usable = async (replica: Db): Promise<boolean> => {
    const entry = health.get(replica)!;
    if (Date.now() - entry.checkedAt >= checkEveryMs) await check(replica);
    return entry.lagMs !== null && entry.lagMs <= options.maxLagMs;
  };

  return {
    async read(work, readOptions = {}) {
      if (!routed) return work(primary);
      // The extension picks the replica (at random among them); `$replica()` hands back one of the clients given to it.
      const replica = routed.$replica() as unknown as Db;
      if (!(await usable(replica))) return work(primary);
      let result;
      try {
        result = await work(replica);
      } catch (error) {
        // Down since the last check, or a query cancelled by replay (a recovery conflict): the
        // primary answers instead, and the next read asks the replica's state again.
        note(replica, null, `read failed (${firstLine(error)})`);
        return work(primary);
      }
      return readOptions.orPrimaryIf?.(result) ? work(primary) : result;
    },
    lags: () => replicas.map((replica) => health.get(replica)!.lagMs),
    async disconnect() {
      await (routed ? routed.$disconnect() : primary.$disconnect());
    },
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split("\n")[0]!.slice(0, 160);
}
