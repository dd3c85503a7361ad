// The one runner for domain steps. A step is `(tx, input) -> Result`; the runner gives it an
// interactive transaction with the contended settings (READ COMMITTED, queueing for a pooled
// connection instead of failing, bounded retry of serialization failures and deadlocks with
// jitter) and rolls the transaction back when the step refuses, so a refusal leaves nothing
// behind. Steps compose: a caller that already has a transaction calls steps directly, or
// through `attempt` when a refusal must undo only that step's own writes.
import type { Db, Tx } from "@/lib/db/prisma";
import { contendedTx, withRetry, type RetryOptions } from "@/lib/db/retry";
import type { Result } from "@/lib/steps/result";

export type Step<Input, Output extends Result> = (tx: Tx, input: Input) => Promise<Output>;

/** Carries a refusal out of `$transaction` so Prisma rolls back; never escapes the runner. */
class Rollback<Output> extends Error {
  constructor(readonly result: Output) {
    super("step refused");
  }
}

export interface RunOptions extends RetryOptions {
  /** Longest wait for a pooled connection (ms); a launch-day burst queues instead of failing. */
  maxWait?: number;
  /** Longest the transaction may stay open (ms). */
  timeout?: number;
}

/** Runs `work` in one contended transaction; a refusal (`ok: false`) rolls all of it back. */
export async function inTransaction<Output extends Result>(
  db: Db,
  work: (tx: Tx) => Promise<Output>,
  options: RunOptions = {},
): Promise<Output> {
  const settings = { ...contendedTx, ...pick(options, "maxWait", "timeout") };
  try {
    return await withRetry(
      () =>
        db.$transaction(async (tx) => {
          const result = await work(tx);
          if (!result.ok) throw new Rollback(result);
          return result;
        }, settings),
      options,
    );
  } catch (error) {
    if (error instanceof Rollback) return error.result as Output;
    throw error;
  }
}

/** Runs one step in its own transaction (see inTransaction). */
export function runStep<Input, Output extends Result>(
  db: Db,
  step: Step<Input, Output>,
  input: Input,
  options?: RunOptions,
): Promise<Output> {
  return inTransaction(db, (tx) => step(tx, input), options);
}

let savepoints = 0;

/**
 * Runs a step inside the caller's transaction behind a savepoint: a refusal undoes only this
 * step's writes and hands the refusal back, so the caller can go on (e.g. a sign-up that joins
 * a larger transaction). Costs two extra round trips: use it only where a step can refuse
 * after writing.
 */
export async function attempt<Input, Output extends Result>(tx: Tx, step: Step<Input, Output>, input: Input): Promise<Output> {
  const name = `step_${++savepoints}`;
  await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
  try {
    const result = await step(tx, input);
    await tx.$executeRawUnsafe(result.ok ? `RELEASE SAVEPOINT ${name}` : `ROLLBACK TO SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}
