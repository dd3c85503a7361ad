// Fixed-window attempt counters in PostgreSQL (rate_limit_buckets), so every instance
// counts against the same budget. Counting is one upsert for all of an attempt's keys, and
// the window is cut on the database clock, never on an instance's.
import { Prisma, type Tx } from "../prisma";
import { ok, refuse, type Ok, type Refusal } from "../steps/result";
import { z } from "zod";
import { col, sqlRows } from "../sql/rows";

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
  | Ok<{ buckets: RateLimitBucket[] }>
  | Refusal<"rate-limited", { retryAfterSeconds: number; buckets: RateLimitBucket[] }>;

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
  const rows = await sqlRows(tx, z.object({ key: col.text, hits: col.int, window_start: col.time, elapsed_ms: col.number }), Prisma.sql`
    INSERT INTO rate_limit_buckets AS bucket (key, window_start, hits)
    SELECT rule.key,
           to_timestamp(floor(extract(epoch FROM now()) * 1000 / rule.window_ms) * rule.window_ms / 1000.0),
           1
      FROM unnest(${keys}::text[], ${windowsMs}::bigint[]) AS rule(key, window_ms)
    ON CONFLICT (key, window_start) DO UPDATE SET hits = bucket.hits + 1
    RETURNING key, hits, window_start,
              (extract(epoch FROM now() - window_start) * 1000)::float8 AS elapsed_ms`);

  const buckets = rows.map((row) => ({ key: row.key, windowStart: row.window_start }));
  let retryAfterMs = 0;
  for (const row of rows) {
    const rule = rules.find((r) => r.key === row.key);
    if (rule && row.hits > rule.limit) {
      retryAfterMs = Math.max(retryAfterMs, rule.windowMs - row.elapsed_ms);
    }
  }
  if (retryAfterMs > 0) return refuse("rate-limited", { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)), buckets });
  return ok({ buckets });
}

/** Gives back the attempts counted in these buckets (a successful sign-in is no abuse). */
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
    DELETE FROM rate_limit_buckets WHERE window_start < now() - make_interval(secs => ${olderThanMs / 1000})`);
}
