// Locally there is no Vercel cron: the run command calls the same cron routes over HTTP on a
// timer, with the same bearer secret, so a person can watch a hold expire and an unpaid
// order get cancelled. The routes are idempotent, so a slow tick overlapping the next is
// harmless; we still skip a tick while the previous one is running, to keep the log tidy.
import { cronJobs } from "@/lib/routes";

export interface SweepTimerOptions {
  baseUrl: string;
  cronSecret: string;
  intervalMs?: number;
  log?: (line: string) => void;
}

/** Starts calling every cron route each `intervalMs` (default 5 s). Returns a stop function. */
export function startSweepTimer(options: SweepTimerOptions): () => void {
  const intervalMs = options.intervalMs ?? 5_000;
  const log = options.log ?? ((line: string) => console.log(line));
  const controller = new AbortController();
  let running = false;
  // The last failure logged per job: a route that keeps failing the same way is logged once.
  const lastFailure = new Map<string, string>();
  const logFailure = (job: string, failure: string) => {
    if (lastFailure.get(job) !== failure) log(`sweep ${job}: ${failure}`);
    lastFailure.set(job, failure);
  };

  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const job of cronJobs) {
        const response = await fetch(new URL(job.path, options.baseUrl), {
          headers: { authorization: `Bearer ${options.cronSecret}` },
          signal: controller.signal,
        });
        const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
        if (!response.ok) {
          logFailure(job.name, `HTTP ${response.status} ${JSON.stringify(body)}`);
          continue;
        }
        lastFailure.delete(job.name);
        // Quiet unless the sweep did something: "release-holds: expiredHolds=2 unitsFreed=2".
        const counts = Object.entries(body).filter(
          ([key, value]) => typeof value === "number" && value > 0 && key !== "ms" && key !== "batches",
        );
        if (counts.length > 0) log(`sweep ${job.name}: ${counts.map(([key, value]) => `${key}=${String(value)}`).join(" ")}`);
      }
    } catch (error) {
      if (!controller.signal.aborted) logFailure("request", `failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void tick(), intervalMs);
  void tick();
  return () => {
    clearInterval(timer);
    controller.abort();
  };
}
