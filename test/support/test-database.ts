// A fresh database for one test file, cloned from the migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";

export interface TestDatabase {
  url: string;
  prisma: Db;
  /** Extra clients, e.g. to race two "servers" against each other. */
  newClient(poolSize?: number): Db;
}

/**
 * Call at the top of a test file. The database is dropped after the file's tests.
 * The pool is 10 by default, like a production instance on a small machine.
 */
export async function useTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const adminUrl = inject("adminUrl");
  const template = inject("templateDatabase");
  const name = `${template}_${randomBytes(5).toString("hex")}`;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);

  // Through the pooler when the run has one (the database is created beside it, directly).
  const url = new URL(inject("pooledUrl") || adminUrl);
  url.pathname = `/${name}`;
  const clients: Db[] = [];
  const newClient = (size = poolSize) => {
    const client = createPrismaClient(url.toString(), size);
    clients.push(client);
    return client;
  };
  const prisma = newClient();

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.$disconnect()));
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  return { url: url.toString(), prisma, newClient };
}
