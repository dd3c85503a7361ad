import "server-only";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { databaseUrl, env } from "@/lib/env";

// One client per server process; dev hot reload would otherwise open a pool per edit.
const globalForPrisma = globalThis as unknown as { prisma?: Db };

export function db(): Db {
  globalForPrisma.prisma ??= createPrismaClient(databaseUrl(), env().DATABASE_POOL_SIZE);
  return globalForPrisma.prisma;
}
