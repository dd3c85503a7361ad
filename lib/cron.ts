// The one guard every cron route goes through: Vercel cron (and the local sweep timer) send
// `Authorization: Bearer $CRON_SECRET`; anything else gets a 401 and the job never runs.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** Constant-time: hashing first gives equal lengths, so the comparison leaks nothing. */
export function isCronAuthorized(authorization: string | null, secret: string): boolean {
  if (!authorization?.startsWith("Bearer ")) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(authorization.slice("Bearer ".length)), digest(secret));
}

type CronJob = () => Promise<object>;

/** Wraps a sweep as a route handler (GET for Vercel cron, POST for manual runs): JSON counts out. */
export function withCron(name: string, job: CronJob): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!isCronAuthorized(request.headers.get("authorization"), env().CRON_SECRET)) {
      return Response.json({ ok: false, error: "unauthorized" }, { status: 401, headers: { "cache-control": "no-store" } });
    }
    const started = performance.now();
    try {
      const counts = await job();
      const ms = Math.round(performance.now() - started);
      return Response.json({ ok: true, job: name, ...counts, ms }, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      console.error(`[cron ${name}] failed`, error);
      return Response.json({ ok: false, job: name, error: "sweep failed" }, { status: 500, headers: { "cache-control": "no-store" } });
    }
  };
}
