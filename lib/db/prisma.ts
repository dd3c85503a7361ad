// Client construction without "server-only", so scripts and tests can build their own
// client for their own database. The app goes through lib/db/client/client.ts.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, Prisma } from "@/lib/generated/prisma/client";

export type Db = PrismaClient;
/** A client or an interactive transaction: what every lib/ function runs on. */
export type Tx = Prisma.TransactionClient;

export function createPrismaClient(url: string, poolSize = 8): PrismaClient {
  // A small pool beats a big one on a small machine: contended rows serialise anyway.
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({ adapter });
}

export { Prisma };
