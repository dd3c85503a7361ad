// Client construction without "server-only", so scripts and tests can build their own
// client for their own database. The app goes through lib/db/client.ts.
import { PrismaPg } from "@prisma/adapter-pg";
import type { PoolConfig } from "pg";
import { PrismaClient, Prisma } from "@/lib/generated/prisma/client";

export type Db = PrismaClient;
/** A client or an interactive transaction: what every lib/ function runs on. */
export type Tx = Prisma.TransactionClient;

/**
 * A client on its own pool. Statements are sent unnamed (adapter-pg names none unless given a
 * `statementNameGenerator`), so the URL may be a transaction-mode pooler such as PgBouncer.
 */
export function createPrismaClient(url: string, poolSize = 8, pool: Omit<PoolConfig, "connectionString" | "max"> = {}): PrismaClient {
  // A small pool beats a big one on a small machine: contended rows serialise anyway.
  const adapter = new PrismaPg({ ...pool, connectionString: url, max: poolSize });
  return new PrismaClient({ adapter });
}

export { Prisma };
