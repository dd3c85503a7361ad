import "server-only";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createReplicaReads, type ReplicaReadOptions, type ReplicaReads } from "@/lib/db/replicas";
import { databaseUrl, env } from "@/lib/env";

// One client per server process; dev hot reload would otherwise open a pool per edit.
const globalForPrisma = globalThis as unknown as { prisma?: Db; replicaReads?: ReplicaReads };

/** The primary (through DATABASE_URL, which may be a transaction-mode pooler): every write, and every read that must be current. */
export function db(): Db {
  globalForPrisma.prisma ??= createPrismaClient(databaseUrl(), env().DATABASE_POOL_SIZE);
  return globalForPrisma.prisma;
}

/**
 * A read that may lag behind the primary, run on a replica of DATABASE_REPLICA_URLS when one is
 * up and within DATABASE_REPLICA_MAX_LAG, otherwise (and with none configured) on the primary.
 * Only for what README's "Reads that may lag" lists: never stock, carts, orders or anything a
 * customer has just written.
 */
export function readMayLag<T>(work: (db: Db) => Promise<T>, options?: ReplicaReadOptions<T>): Promise<T> {
  globalForPrisma.replicaReads ??= replicaReads();
  return globalForPrisma.replicaReads.read(work, options);
}

function replicaReads(): ReplicaReads {
  const settings = env();
  // A replica that stopped answering is found out in two seconds, not the driver's default of never.
  const replicas = settings.DATABASE_REPLICA_URLS.map((url) =>
    createPrismaClient(url, settings.DATABASE_POOL_SIZE, { connectionTimeoutMillis: 2_000 }),
  );
  return createReplicaReads(db(), replicas, {
    maxLagMs: settings.DATABASE_REPLICA_MAX_LAG,
    onPassOver: (replica, why) => console.warn(`replica ${replica + 1} passed over for the primary: ${why}`),
  });
}
