// The one loop every sweep runs: claim a batch in one contended transaction (a step that
// answers with what it claimed and did), add up the counts, stop when a batch comes back
// short or after maxBatches, so one cron invocation stays short.
import type { Db } from "@/lib/db/prisma";
import type { Ok } from "@/lib/steps/result";
import { runStep, type Step } from "@/lib/steps/run-step";

export interface SweepOptions {
  batchSize: number;
  /** Upper bound on batches per call (default 20). */
  maxBatches?: number;
}

export type BatchCounts = Record<string, number> & { claimed: number };

/** Runs `batch` until the work runs out; returns the summed counts (without `claimed`) and `batches`. */
export async function runSweep<Counts extends BatchCounts>(
  db: Db,
  batch: Step<{ batchSize: number }, Ok<Counts>>,
  options: SweepOptions,
): Promise<Omit<Counts, "claimed"> & { batches: number }> {
  const totals: Record<string, number> = { batches: 0 };
  const maxBatches = options.maxBatches ?? 20;
  while (totals.batches! < maxBatches) {
    const { ok: _ok, claimed, ...counts } = await runStep(db, batch, { batchSize: options.batchSize });
    totals.batches! += 1;
    for (const [key, value] of Object.entries(counts)) if (typeof value === "number") totals[key] = (totals[key] ?? 0) + value;
    if (claimed < options.batchSize) break;
  }
  return totals as Omit<Counts, "claimed"> & { batches: number };
}
