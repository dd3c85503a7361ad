// Retries a whole transaction when PostgreSQL aborted it for a serialization failure
// (40001) or a deadlock (40P01). Those are the only errors where running the same work
// again is both safe and likely to succeed; everything else is rethrown at once.

const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);

/**
 * Interactive transaction options for contended steps: waits long enough for a connection
 * that a burst of buyers queues on the small pool instead of failing. No isolation level is
 * named: PostgreSQL's default, READ COMMITTED, is what every step is written for, and naming
 * it costs a `SET TRANSACTION` round trip per transaction.
 */
export const contendedTx = {
  maxWait: 30_000,
  timeout: 30_000,
};

export interface RetryOptions {
  /** Total tries, the first included. */
  attempts?: number;
  /** Base of the exponential backoff; the actual wait is a random fraction of it (full jitter). */
  baseDelayMs?: number;
}

export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 15;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableDbError(error)) throw error;
      const delay = Math.random() * base * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** True for serialization failures and deadlocks, however Prisma and the pg adapter wrap them. */
export function isRetryableDbError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth++) {
    if (typeof current !== "object") break;
    const candidate = current as {
      code?: unknown;
      originalCode?: unknown;
      meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
      cause?: unknown;
      kind?: unknown;
    };
    // P2034 is Prisma's "write conflict or deadlock"; the adapter maps 40001/40P01 to it.
    if (candidate.code === "P2034" || candidate.kind === "TransactionWriteConflict") return true;
    for (const code of [
      candidate.code,
      candidate.originalCode,
      candidate.meta?.code,
      candidate.meta?.driverAdapterError?.cause?.originalCode,
    ]) {
      if (typeof code === "string" && RETRYABLE_SQLSTATES.has(code)) return true;
    }
    if (candidate.meta?.driverAdapterError?.cause?.kind === "TransactionWriteConflict") return true;
    current = candidate.cause;
  }
  return false;
}
