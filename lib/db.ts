import "server-only";
import { createPrismaClient, type Db } from "./prisma";
import { databaseUrl, env } from "./env";

// One client per server process; dev hot reload would otherwise open a pool per edit.
const globalForPrisma = globalThis as unknown as { prisma?: Db };

export function db(): Db {
  globalForPrisma.prisma ??= createPrismaClient(databaseUrl(), env().DATABASE_POOL_SIZE);
  return globalForPrisma.prisma;
}
