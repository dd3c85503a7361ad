import { beforeAll, describe, expect, it } from "vitest";
import { Prisma, type Db } from "@/lib/db/prisma";
import { isRetryableDbError, withRetry } from "@/lib/db/retry";
import { createShop } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;
let rows: [string, string];

beforeAll(async () => {
  t = await useTestDatabase();
  const shop = await createShop(t.prisma, "Retry Goods");
  rows = [await shop.listing(1), await shop.listing(1)];
});

const touch = (db: Db | Prisma.TransactionClient, id: string) =>
  db.$executeRaw(Prisma.sql`UPDATE listings SET updated_at = now() WHERE id = ${id}::uuid`);

/** Two transactions that lock the same two rows in opposite orders: PostgreSQL kills one. */
async function deadlockOnce(a: Db, b: Db, onError: (error: unknown) => void) {
  let release!: () => void;
  const bothLocked = new Promise<void>((resolve) => (release = resolve));
  let locked = 0;
  const step = async (db: Db, first: string, second: string) =>
    db
      .$transaction(
        async (tx) => {
          await touch(tx, first);
          if (++locked === 2) release();
          await bothLocked;
          await touch(tx, second);
        },
        { timeout: 20_000 },
      )
      .catch(onError);
  await Promise.all([step(a, rows[0], rows[1]), step(b, rows[1], rows[0])]);
}

describe("withRetry retries deadlocks and serialization failures only", () => {
  it("recognises a real deadlock (40P01) as retryable", async () => {
    const errors: unknown[] = [];
    await deadlockOnce(t.newClient(1), t.newClient(1), (error) => errors.push(error));
    expect(errors).toHaveLength(1);
    expect(isRetryableDbError(errors[0])).toBe(true);
  });

  it("recognises a real serialization failure (40001) as retryable", async () => {
    const a = t.newClient(1);
    const b = t.newClient(1);
    let failure: unknown;
    await a
      .$transaction(
        async (tx) => {
          await tx.$queryRaw(Prisma.sql`SELECT on_hand FROM listings WHERE id = ${rows[0]}::uuid`);
          await touch(b, rows[0]); // commits meanwhile, outside this snapshot
          await touch(tx, rows[0]).catch((error: unknown) => (failure = error));
        },
        { isolationLevel: "RepeatableRead" },
      )
      .catch((error: unknown) => (failure ??= error));
    expect(failure).toBeDefined();
    expect(isRetryableDbError(failure)).toBe(true);
  });

  it("does not retry other errors, and retries a retryable one until it succeeds", async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new Error("CHECK violation");
      }),
    ).rejects.toThrow("CHECK violation");
    expect(calls).toBe(1);

    calls = 0;
    const value = await withRetry(async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error("deadlock detected"), { code: "P2034" });
      return "done";
    });
    expect(value).toBe("done");
    expect(calls).toBe(3);
  });
});
