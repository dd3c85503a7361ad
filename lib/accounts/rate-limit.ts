// Attempt counters in PostgreSQL (rate_limit_buckets), so every instance counts against the
// same budget. Each key has one row: its window starts at the key's first attempt and lasts
// the rule's length; the first attempt after it ends starts a new one. Windows are not cut on
// the epoch, so keys do not all get their budget back at the same instant, and whether two
// attempts share a window does not depend on the second they happen at. Counting is one
// upsert for all of an attempt's keys, timed on the database clock, never on an instance's.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";

export interface RateLimitRule {
  /** e.g. "sign-in:ip:203.0.113.7" or "sign-in:account:<hmac>"; never a raw email. */
  key: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitBucket {
  key: string;
  windowStart: Date;
}

export type RateLimitResult =
  Ok<{ buckets: RateLimitBucket[] }> | Refusal<"rate-limited", { retryAfterSeconds: number; buckets: RateLimitBucket[] }>;

/**
 * Counts one attempt against every rule and says whether all are still within their limit.
 * The attempt counts even when refused, so hammering a closed door keeps it closed: callers
 * run it as its own statement (committing at once), never inside a step whose refusal would
 * roll the count back.
 */
export async function consumeRateLimit(tx: Tx, rules: RateLimitRule[]): Promise<RateLimitResult> {
  if (rules.length === 0) return ok({ buckets: [] });
  const keys = rules.map((rule) => rule.key);
  if (new Set(keys).size !== keys.length) throw new Error("rate limit keys must be distinct");
  const windowsMs = rules.map((rule) => Math.max(1, Math.round(rule.windowMs)));
  const rows = await sqlRows(
    tx,
    z.object({ key: col.text, hits: col.int, window_start: col.time, remaining_ms: col.number }),
    Prisma.sql`
    INSERT INTO rate_limit_buckets AS bucket (key, window_start, window_end, hits)
    SELECT rule.key, now(), now() + rule.window_ms * interval '1 millisecond', 1
      FROM unnest(${keys}::text[], ${windowsMs}::bigint[]) AS rule(key, window_ms)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN bucket.window_end <= now() THEN excluded.window_start ELSE bucket.window_start END,
      window_end   = CASE WHEN bucket.window_end <= now() THEN excluded.window_end ELSE bucket.window_end END,
      hits         = CASE WHEN bucket.window_end <= now() THEN 1 ELSE bucket.hits + 1 END
    RETURNING key, hits, window_start,
              (extract(epoch FROM window_end - now()) * 1000)::float8 AS remaining_ms`,
  );

  const buckets = rows.map((row) => ({ key: row.key, windowStart: row.window_start }));
  const over = rows.filter((row) => row.hits > (rules.find((rule) => rule.key === row.key)?.limit ?? Infinity));
  if (over.length === 0) return ok({ buckets });
  const retryAfterMs = Math.max(...over.map((row) => row.remaining_ms));
  return refuse("rate-limited", { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)), buckets });
}

/**
 * Gives back the attempts counted in these buckets (a successful sign-in is no abuse): only
 * to the windows they were counted in, never to a newer window of the same key.
 */
export async function refundRateLimit(tx: Tx, buckets: RateLimitBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  const keys = Prisma.join(buckets.map((b) => Prisma.sql`(${b.key}, ${b.windowStart}::timestamptz)`));
  await tx.$executeRaw(Prisma.sql`
    UPDATE rate_limit_buckets SET hits = hits - 1
     WHERE (key, window_start) IN (${keys}) AND hits > 0`);
}

/** Deletes buckets whose window ended more than `olderThanMs` ago; returns how many. */
export async function pruneRateLimitBuckets(tx: Tx, olderThanMs = 24 * 60 * 60 * 1000): Promise<number> {
  return tx.$executeRaw(Prisma.sql`
    DELETE FROM rate_limit_buckets WHERE window_end < now() - make_interval(secs => ${olderThanMs / 1000})`);
}
