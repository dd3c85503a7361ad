// The ways to reserve one unit of a hot listing for one customer, side by side. Each writes
// the same facts (the customer's cart line, the reservation counter, a hold, its ledger row),
// so their costs compare; they differ in how they keep (or fail to keep) two buyers from
// taking the same unit.
import pg from "pg";
import { addToCartAlone, runAddToCart, type CartStepResult } from "@/lib/cart/cart-lines";
import type { Db, Tx } from "@/lib/db/prisma";
import { contendedTx } from "@/lib/db/retry";
import type { Outcome } from "@/scripts/bench/drive";
import { HOUR } from "@/test/support/time";

export interface BenchContext {
  prisma: Db;
  /** Plain pg, for the one-statement limit and the buckets: no ORM between us and the server. */
  pool: pg.Pool;
  buckets: number;
}

export interface Strategy {
  id: string;
  label: string;
  reserve(ctx: BenchContext, userId: string, listingId: string): Promise<Outcome>;
  /** Stock lives in bench_stock_buckets while it runs, folded back into the listing after. */
  buckets?: boolean;
  /** Leaves rows the checkout saga can finish (false for the ones that break the counters). */
  checkoutReady: boolean;
}

const LINE = `
  WITH cart AS (
    INSERT INTO carts (id, user_id) VALUES (gen_random_uuid(), $1::uuid)
    ON CONFLICT (user_id) DO UPDATE SET updated_at = now() RETURNING id
  )
  INSERT INTO cart_items (id, cart_id, listing_id, quantity)
  SELECT gen_random_uuid(), cart.id, $2::uuid, 1 FROM cart
  ON CONFLICT (cart_id, listing_id) DO UPDATE SET quantity = cart_items.quantity + 1
  RETURNING id::text`;

async function writeLine(tx: Tx, userId: string, listingId: string): Promise<string> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(LINE, userId, listingId);
  return rows[0]!.id;
}

async function writeHold(tx: Tx, userId: string, listingId: string, cartItemId: string): Promise<void> {
  const [hold] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO holds (id, listing_id, user_id, cart_item_id, quantity, owner_token, expires_at)
    VALUES (gen_random_uuid(), ${listingId}::uuid, ${userId}::uuid, ${cartItemId}::uuid, 1, gen_random_uuid(), now() + interval '1 hour')
    RETURNING id::text`;
  await tx.$executeRaw`
    INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, actor_id, reason)
    VALUES (${listingId}::uuid, 'HOLD', 1, ${hold!.id}::uuid, ${userId}::uuid, 'added to cart')`;
}

async function readStock(tx: Tx, listingId: string, lock: "" | "FOR UPDATE"): Promise<{ on_hand: number; reserved: number }> {
  const rows = await tx.$queryRawUnsafe<{ on_hand: number; reserved: number }[]>(
    `SELECT on_hand, reserved FROM listings WHERE id = $1::uuid ${lock}`,
    listingId,
  );
  return rows[0]!;
}

class Rollback extends Error {}

/** Read, decide in the application, write back: the race every other strategy exists to avoid. */
const naive: Strategy = {
  id: "naive",
  label: "naive read-then-write (Prisma tx)",
  checkoutReady: false,
  async reserve({ prisma }, userId, listingId) {
    return prisma.$transaction(async (tx) => {
      const item = await writeLine(tx, userId, listingId);
      const stock = await readStock(tx, listingId, "");
      if (stock.on_hand - stock.reserved < 1) return "refused" as const;
      await tx.$executeRaw`UPDATE listings SET reserved = ${stock.reserved + 1} WHERE id = ${listingId}::uuid`;
      await writeHold(tx, userId, listingId, item);
      return "won" as const;
    }, contendedTx);
  },
};

/** Version check on the counters (compare-and-set on what was read), up to 10 tries with jittered backoff. */
const optimistic: Strategy = {
  id: "optimistic",
  label: "optimistic version check, 10 tries (Prisma tx)",
  checkoutReady: true,
  async reserve({ prisma }, userId, listingId) {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const seen = await readStock(prisma, listingId, "");
      if (seen.on_hand - seen.reserved < 1) return "refused";
      try {
        await prisma.$transaction(async (tx) => {
          const item = await writeLine(tx, userId, listingId);
          const moved = await tx.$executeRaw`
            UPDATE listings SET reserved = ${seen.reserved + 1}
             WHERE id = ${listingId}::uuid AND reserved = ${seen.reserved} AND on_hand = ${seen.on_hand}`;
          if (moved === 0) throw new Rollback();
          await writeHold(tx, userId, listingId, item);
        }, contendedTx);
        return "won";
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * attempt));
      }
    }
    return "lost";
  },
};

/** Pessimistic: lock the listing row, check, write, commit (six round trips under the lock). */
const forUpdate: Strategy = {
  id: "for-update",
  label: "SELECT ... FOR UPDATE (Prisma tx)",
  checkoutReady: true,
  async reserve({ prisma }, userId, listingId) {
    return prisma.$transaction(async (tx) => {
      // The lock first: writing the cart line first would take a key-share lock on the listing
      // (its foreign key) that FOR UPDATE then waits on in the next buyer's transaction: deadlocks.
      const stock = await readStock(tx, listingId, "FOR UPDATE");
      const item = await writeLine(tx, userId, listingId);
      if (stock.on_hand - stock.reserved < 1) return "refused" as const;
      await tx.$executeRaw`UPDATE listings SET reserved = reserved + 1 WHERE id = ${listingId}::uuid`;
      await writeHold(tx, userId, listingId, item);
      return "won" as const;
    }, contendedTx);
  },
};

const outcomeOf = (result: CartStepResult): Outcome => {
  if (!result.ok) throw new Error(`add to cart refused: ${result.reason}`);
  return result.line.status === "reserved" ? "won" : "refused";
};

/** The project's function exactly as the server action calls it (coalesced per listing). */
const project: Strategy = {
  id: "project",
  label: "ours: runAddToCart, as the action (coalesced)",
  checkoutReady: true,
  reserve: async ({ prisma }, userId, listingId) => outcomeOf(await runAddToCart(prisma, { userId, listingId, quantity: 1, ttlMs: HOUR })),
};

/** The same SQL function, one call per buyer: one statement, no coalescing. */
const alone: Strategy = {
  id: "function",
  label: "ours without coalescing: cart_add(), one statement",
  checkoutReady: true,
  reserve: async ({ prisma }, userId, listingId) =>
    outcomeOf(await addToCartAlone(prisma, { userId, listingId, quantity: 1, ttlMs: HOUR })),
};

const LIMIT_SQL = `
  WITH cart AS (
    INSERT INTO carts (id, user_id) VALUES (gen_random_uuid(), $1::uuid)
    ON CONFLICT (user_id) DO UPDATE SET updated_at = now() RETURNING id
  ), item AS (
    INSERT INTO cart_items (id, cart_id, listing_id, quantity)
    SELECT gen_random_uuid(), cart.id, $2::uuid, 1 FROM cart
    ON CONFLICT (cart_id, listing_id) DO UPDATE SET quantity = cart_items.quantity + 1
    RETURNING id
  ), moved AS (
    UPDATE listings SET reserved = reserved + 1 WHERE id = $2::uuid AND active AND on_hand - reserved >= 1 RETURNING id
  ), hold AS (
    INSERT INTO holds (id, listing_id, user_id, cart_item_id, quantity, owner_token, expires_at)
    SELECT gen_random_uuid(), moved.id, $1::uuid, item.id, 1, gen_random_uuid(), now() + interval '1 hour' FROM moved, item
    RETURNING id
  ), ledger AS (
    INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, actor_id, reason)
    SELECT $2::uuid, 'HOLD', 1, hold.id, $1::uuid, 'added to cart' FROM hold
  )
  SELECT EXISTS (SELECT 1 FROM moved) AS won`;

/** The single-row ceiling: the same facts in one prepared statement through plain pg. */
const limit: Strategy = {
  id: "pg-limit",
  label: "one statement, plain pg, prepared (the single-row limit)",
  checkoutReady: true,
  async reserve({ pool }, userId, listingId) {
    const result = await pool.query<{ won: boolean }>({ name: "bench_limit", text: LIMIT_SQL, values: [userId, listingId] });
    return result.rows[0]?.won ? "won" : "refused";
  },
};

let bucketTurn = 0;

/** Stock split over several rows: claim from a free one (SKIP LOCKED), wait for one only when all are busy. */
const buckets: Strategy = {
  id: "buckets",
  label: "stock buckets, one statement, plain pg",
  checkoutReady: false,
  buckets: true,
  async reserve({ pool, buckets: count }, userId, listingId) {
    const start = bucketTurn++ % count;
    const result = await pool.query<{ won: boolean }>({
      name: "bench_buckets",
      text: "SELECT bench_bucket_add($1::uuid, $2::uuid, $3::int) AS won",
      values: [userId, listingId, start],
    });
    return result.rows[0]?.won ? "won" : "refused";
  },
};

export const STRATEGIES: Strategy[] = [naive, optimistic, forUpdate, alone, project, limit, buckets];

/** Bench-only SQL: the bucket table and its claim function (see the README's Performance section). */
export const BUCKETS_SQL = `
CREATE TABLE IF NOT EXISTS bench_stock_buckets (
  listing_id UUID NOT NULL REFERENCES listings(id),
  bucket INT NOT NULL,
  on_hand INT NOT NULL,
  reserved INT NOT NULL DEFAULT 0,
  PRIMARY KEY (listing_id, bucket),
  CHECK (reserved >= 0 AND reserved <= on_hand)
);
CREATE OR REPLACE FUNCTION bench_bucket_add(p_user UUID, p_listing UUID, p_start INT) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
  v_item UUID;
  v_bucket INT;
  v_hold UUID;
BEGIN
  WITH cart AS (
    INSERT INTO carts (id, user_id) VALUES (gen_random_uuid(), p_user)
    ON CONFLICT (user_id) DO UPDATE SET updated_at = now() RETURNING id
  )
  INSERT INTO cart_items (id, cart_id, listing_id, quantity)
  SELECT gen_random_uuid(), cart.id, p_listing, 1 FROM cart
  ON CONFLICT (cart_id, listing_id) DO UPDATE SET quantity = cart_items.quantity + 1
  RETURNING id INTO v_item;

  -- A bucket with stock that nobody is working on, starting from this caller's own.
  SELECT bucket INTO v_bucket FROM bench_stock_buckets
   WHERE listing_id = p_listing AND on_hand - reserved >= 1
   ORDER BY (bucket + 1000 - p_start) % 1000 LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED;
  LOOP
    IF v_bucket IS NULL THEN
      -- Every bucket with stock is busy: wait for one (re-checked once its lock is ours).
      SELECT bucket INTO v_bucket FROM bench_stock_buckets
       WHERE listing_id = p_listing AND on_hand - reserved >= 1
       ORDER BY (bucket + 1000 - p_start) % 1000 LIMIT 1 FOR NO KEY UPDATE;
      IF v_bucket IS NULL THEN
        PERFORM 1 FROM bench_stock_buckets WHERE listing_id = p_listing AND on_hand - reserved >= 1;
        IF NOT FOUND THEN
          RETURN false;
        END IF;
        CONTINUE;
      END IF;
    END IF;
    UPDATE bench_stock_buckets SET reserved = reserved + 1
     WHERE listing_id = p_listing AND bucket = v_bucket AND on_hand - reserved >= 1;
    EXIT WHEN FOUND;
    v_bucket := NULL;
  END LOOP;

  INSERT INTO holds (id, listing_id, user_id, cart_item_id, quantity, owner_token, expires_at)
  VALUES (gen_random_uuid(), p_listing, p_user, v_item, 1, gen_random_uuid(), now() + interval '1 hour')
  RETURNING id INTO v_hold;
  INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, actor_id, reason)
  VALUES (p_listing, 'HOLD', 1, v_hold, p_user, 'added to cart');
  RETURN true;
END
$$;`;

/** Splits a listing's stock over `count` bucket rows. */
export async function splitIntoBuckets(pool: pg.Pool, listingId: string, stock: number, count: number): Promise<void> {
  const shares = Array.from({ length: count }, (_, b) => Math.floor(stock / count) + (b < stock % count ? 1 : 0));
  await pool.query(
    "INSERT INTO bench_stock_buckets (listing_id, bucket, on_hand) SELECT $1::uuid, b - 1, s FROM unnest($2::int[]) WITH ORDINALITY AS t(s, b)",
    [listingId, shares],
  );
}

/** The listing's counter becomes the buckets' sum again (the ledger already has every HOLD row). */
export async function foldBuckets(pool: pg.Pool, listingId: string): Promise<void> {
  await pool.query(
    "UPDATE listings SET reserved = reserved + (SELECT COALESCE(SUM(reserved), 0) FROM bench_stock_buckets WHERE listing_id = $1::uuid) WHERE id = $1::uuid",
    [listingId],
  );
}
