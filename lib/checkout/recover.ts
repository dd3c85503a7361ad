// The stuck-checkout sweep (I9): a saga left RUNNING or COMPENSATING by a process that died
// (its lease ran out), or waiting for a payment the provider has not confirmed yet, is taken
// over and driven to COMPLETED or COMPENSATED. Claims use SKIP LOCKED and fresh lease tokens,
// so two sweeps never drive the same saga, and the old worker, should it wake up, is fenced out.
import { driveSaga, type DriveOptions } from "@/lib/checkout/orchestrator";
import { claimStalledSagas } from "@/lib/checkout/saga-store";
import type { Db } from "@/lib/db/prisma";
import { ok } from "@/lib/steps/result";
import { inTransaction } from "@/lib/steps/run-step";

export interface RecoveryResult {
  claimed: number;
  completed: number;
  compensated: number;
  waiting: number;
  failed: number;
}

export async function recoverCheckouts(db: Db, options: DriveOptions & { batchSize: number }): Promise<RecoveryResult> {
  const claimed = (await inTransaction(db, async (tx) => ok({ rows: await claimStalledSagas(tx, options.batchSize, options.leaseMs) })))
    .rows;
  const result: RecoveryResult = { claimed: claimed.length, completed: 0, compensated: 0, waiting: 0, failed: 0 };
  for (const saga of claimed) {
    try {
      const outcome = await driveSaga(db, saga.id, options, saga.token);
      if (outcome.status === "COMPLETED") result.completed++;
      else if (outcome.status === "COMPENSATED") result.compensated++;
      else result.waiting++;
    } catch (error) {
      // Its lease runs out and the next sweep tries again.
      console.error(`[recover-checkouts] saga ${saga.id} failed`, error);
      result.failed++;
    }
  }
  return result;
}
