// Drives one run: `ops` calls with at most `concurrency` in flight, each call numbered by its
// arrival (the order calls started), its latency and outcome recorded.
import { isRetryableDbError } from "@/lib/db/retry";

/** What one call ended with: a win (reserved, claimed, signed up), a clean refusal, or a loss (gave up). */
export type Outcome = "won" | "refused" | "lost";

export interface Drive {
  seconds: number;
  latencies: number[];
  /** Outcome by arrival number; null when the call threw. */
  outcomes: (Outcome | null)[];
  errors: Record<string, number>;
}

export async function drive(ops: number, concurrency: number, call: (i: number) => Promise<Outcome>): Promise<Drive> {
  const latencies: number[] = [];
  const outcomes = new Array<Outcome | null>(ops).fill(null);
  const errors: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, ops) }, async () => {
      while (next < ops) {
        const arrival = next++;
        const t0 = performance.now();
        try {
          outcomes[arrival] = await call(arrival);
          latencies.push(performance.now() - t0);
        } catch (error) {
          const kind = errorKind(error);
          errors[kind] = (errors[kind] ?? 0) + 1;
        }
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies, outcomes, errors };
}

export function errorKind(error: unknown): string {
  if (isRetryableDbError(error)) return "deadlock or serialization failure";
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (/P2028|Transaction API error|transaction.*(expired|timeout|closed)/i.test(text)) return "transaction timeout";
  if (/timeout exceeded when trying to connect|Unable to start a transaction in the given time|P2024/i.test(text)) return "pool timeout";
  if (/too many clients|remaining connection slots/i.test(text)) return "too many connections";
  if (/23505|duplicate key|unique constraint/i.test(text)) return "unique violation (the database refused a duplicate)";
  if (/violates check constraint/i.test(text)) return "check constraint";
  return text.replace(/\s+/g, " ").slice(0, 80);
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A one-line progress bar on stderr (a plain line per step when stderr is not a terminal). */
export function progress(total: number) {
  let done = 0;
  const started = performance.now();
  const tty = process.stderr.isTTY;
  return {
    step(label: string) {
      done++;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const elapsed = ((performance.now() - started) / 1000).toFixed(0);
      const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${elapsed}s ${label}`;
      if (tty) process.stderr.write(`\r${line.padEnd(110).slice(0, 110)}`);
      else process.stderr.write(`${line}\n`);
    },
    end() {
      if (tty) process.stderr.write("\n");
    },
  };
}
