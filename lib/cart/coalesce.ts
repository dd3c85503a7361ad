// Coalescing: concurrent calls that contend for one row are gathered per key and decided
// together by one statement, in arrival order. While a call for a key is in flight, later
// calls for that key wait in a queue; when it returns, everything queued goes as the next
// batch (natural batching: no timer, so a lone call goes at once and only a crowd waits, for
// at most one statement's time). One batch per key at a time also means a hot row has one
// writer in this process instead of a pool full of waiters.
//
// First come, first served: a batch keeps the queue's order, and the statement decides its
// elements in that order. A call that may not share a batch with an earlier one (the same
// customer twice) waits for the next batch, still ahead of everyone who came after it.

export interface CoalescerOptions<Input, Output> {
  /** Calls with the same key contend (e.g. one listing) and may be decided together. */
  key: (input: Input) => string;
  /** Whether `next` may join a batch that already holds `batch`. */
  fits: (batch: readonly Input[], next: Input) => boolean;
  /** Largest batch. */
  maxBatch: number;
  /** A batch of one. */
  runOne: (input: Input) => Promise<Output>;
  /** A batch of two or more: one answer per input, in order. */
  runMany: (inputs: Input[]) => Promise<Output[]>;
}

interface Pending<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

export function createCoalescer<Input, Output>(options: CoalescerOptions<Input, Output>): (input: Input) => Promise<Output> {
  const queues = new Map<string, Pending<Input, Output>[]>();

  function take(queue: Pending<Input, Output>[]): Pending<Input, Output>[] {
    const batch: Pending<Input, Output>[] = [];
    const inputs: Input[] = [];
    for (let i = 0; i < queue.length && batch.length < options.maxBatch;) {
      const next = queue[i]!;
      if (batch.length === 0 || options.fits(inputs, next.input)) {
        batch.push(next);
        inputs.push(next.input);
        queue.splice(i, 1);
      } else {
        i++;
      }
    }
    return batch;
  }

  async function decide(batch: Pending<Input, Output>[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch;
      await options.runOne(only!.input).then(only!.resolve, only!.reject);
      return;
    }
    let outputs: Output[];
    try {
      outputs = await options.runMany(batch.map((pending) => pending.input));
    } catch {
      // One bad element must not fail its neighbours: decide them one by one, in order, each
      // getting its own answer or its own error.
      for (const pending of batch) await options.runOne(pending.input).then(pending.resolve, pending.reject);
      return;
    }
    batch.forEach((pending, i) => pending.resolve(outputs[i]!));
  }

  async function drain(key: string, queue: Pending<Input, Output>[]): Promise<void> {
    try {
      while (queue.length > 0) {
        await decide(take(queue));
        // One turn of the event loop before the next batch: callers just answered often call
        // again at once, and they join this next batch instead of the one after it.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      queues.delete(key);
    }
  }

  return (input) =>
    new Promise<Output>((resolve, reject) => {
      const key = options.key(input);
      let queue = queues.get(key);
      const idle = !queue;
      if (!queue) {
        queue = [];
        queues.set(key, queue);
      }
      queue.push({ input, resolve, reject });
      if (idle) void drain(key, queue);
    });
}
