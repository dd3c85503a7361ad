// Durations handed to SQL. Deadlines are computed by the database (now() + interval), never
// from the application server's clock, so every instance agrees on when a hold expires.
import { Prisma } from "@/lib/db/prisma";

/** A SQL interval of `ms` milliseconds, e.g. `now() + ${sqlInterval(ttlMs)}`. */
export function sqlInterval(ms: number): Prisma.Sql {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`duration must be positive, got ${ms}`);
  return Prisma.sql`make_interval(secs => ${ms / 1000}::double precision)`;
}
