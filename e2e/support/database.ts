// The e2e servers' database, for specs that must move time forward: they age rows with an
// UPDATE (as the vitest suites do, test/support/age.ts) instead of sleeping through a short
// deadline. scripts/e2e-server.ts writes where the database is, per port.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

const port = Number(process.env.E2E_PORT ?? 3100);

function databaseUrl(): string {
  const file = path.join(os.tmpdir(), `storefront-e2e-${port}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { databaseUrl: string }).databaseUrl;
}

/** Runs one statement on the e2e database and answers its row count. */
export async function sql(text: string, values: unknown[] = []): Promise<number> {
  return (await run(text, values)).rowCount ?? 0;
}

/** Runs one query on the e2e database and answers its rows. */
export async function rows<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await run(text, values)).rows as T[];
}

async function run(text: string, values: unknown[]) {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** Makes a listing's live holds lapse (expires_at a second ago), exactly as a TTL running out leaves them. */
export function lapseHolds(listingId: string): Promise<number> {
  return sql(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE listing_id = $1 AND status = 'ACTIVE'`, [listingId]);
}

/** Moves a listing's live holds to end `seconds` from now (e.g. just past the five-minute warning). */
export function holdsEndIn(listingId: string, seconds: number): Promise<number> {
  return sql(`UPDATE holds SET expires_at = now() + make_interval(secs => $2) WHERE listing_id = $1 AND status = 'ACTIVE'`, [
    listingId,
    seconds,
  ]);
}
