// The scenarios: each run gets identical fresh data (a new listing with the same stock, or
// fresh customers), runs one strategy, then reads back what the database says happened.
import { randomUUID } from "node:crypto";
import { contactDigest } from "@/lib/accounts/contact-claims";
import { createAccount, type NewAccount } from "@/lib/accounts/sign-up";
import { listCatalogue } from "@/lib/catalogue/queries";
import { contendedTx } from "@/lib/db/retry";
import { runStep } from "@/lib/steps/run-step";
import { discountScenarios } from "@/scripts/bench/discounts";
import { drive, median, percentile, type Drive, type Outcome } from "@/scripts/bench/drive";
import { foldBuckets, splitIntoBuckets, type BenchContext, type Strategy } from "@/scripts/bench/strategies";
import type { ShopFixture } from "@/test/support/cart-fixtures";
import { checkout, checkoutHarness, CARDS } from "@/test/support/checkout-fixtures";
import { createTestUsers } from "@/test/support/fixtures";

export interface RunRecord {
  scenario: string;
  strategy: string;
  round: number;
  ops: number;
  concurrency: number;
  seconds: number;
  /** Calls answered (won, refused or lost, not errors) per second. */
  opsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  won: number;
  refused: number;
  lost: number;
  errors: Record<string, number>;
  /** What the database holds as given out (held + sold units, claims, accounts). */
  issued: number;
  limit: number;
  oversold: number;
  /** Counters agree with the ledger and the holds (null where it does not apply). */
  consistent: boolean | null;
  /** Of the first `limit` arrivals, how many won (null when everyone could win). */
  firstArrivalsWon: number | null;
}

export interface Scenario {
  id: string;
  title: string;
  strategies: Strategy[];
  rounds: number;
  run(ctx: BenchContext, strategy: Strategy, round: number): Promise<RunRecord>;
}

interface StockFacts {
  issued: number;
  consistent: boolean;
}

/** What the database says a listing gave out, and whether its counters agree with the ledger and holds (I1, I2). */
async function stockFacts(ctx: BenchContext, listingIds: string[]): Promise<StockFacts> {
  const { rows } = await ctx.pool.query<{ issued: number; consistent: boolean }>(
    `SELECT COALESCE(SUM(h.held + m.sold), 0)::int AS issued,
            COALESCE(bool_and(l.reserved = h.held AND m.reserved = l.reserved AND m.on_hand = l.on_hand AND l.reserved <= l.on_hand), true) AS consistent
       FROM listings l
       CROSS JOIN LATERAL (SELECT COALESCE(SUM(quantity), 0)::int AS held FROM holds WHERE listing_id = l.id AND status = 'ACTIVE') h
       CROSS JOIN LATERAL (SELECT COALESCE(SUM(-on_hand_delta) FILTER (WHERE kind = 'SALE'), 0)::int AS sold,
                                  COALESCE(SUM(reserved_delta), 0)::int AS reserved,
                                  COALESCE(SUM(on_hand_delta), 0)::int AS on_hand
                             FROM inventory_movements WHERE listing_id = l.id) m
      WHERE l.id = ANY($1::uuid[])`,
    [listingIds],
  );
  return rows[0]!;
}

export function record(
  scenario: string,
  strategy: Strategy,
  round: number,
  concurrency: number,
  run: Drive,
  facts: { issued: number; consistent: boolean | null; limit: number; fairN: number | null },
): RunRecord {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const count = (outcome: Outcome) => run.outcomes.filter((o) => o === outcome).length;
  const answered = run.outcomes.filter((o) => o !== null).length;
  const fairN = facts.fairN;
  return {
    scenario,
    strategy: strategy.id,
    round,
    ops: run.outcomes.length,
    concurrency,
    seconds: +run.seconds.toFixed(3),
    opsPerSecond: Math.round(answered / run.seconds),
    p50: +percentile(sorted, 0.5).toFixed(1),
    p95: +percentile(sorted, 0.95).toFixed(1),
    p99: +percentile(sorted, 0.99).toFixed(1),
    won: count("won"),
    refused: count("refused"),
    lost: count("lost"),
    errors: run.errors,
    issued: facts.issued,
    limit: facts.limit,
    oversold: Math.max(0, facts.issued - facts.limit),
    consistent: facts.consistent,
    firstArrivalsWon: fairN === null ? null : run.outcomes.slice(0, fairN).filter((o) => o === "won").length,
  };
}

/**
 * Fresh planner statistics before a run, as autovacuum would have them on a live shop: the
 * bench grows its tables by thousands of rows a second, and plans cached while a table was
 * tiny (PL/pgSQL caches them per connection) would otherwise punish whoever runs later.
 */
export async function analyze(ctx: BenchContext): Promise<void> {
  await ctx.pool.query("ANALYZE");
}

export interface Sizes {
  ops: number;
  concurrency: number;
  checkoutOps: number;
  rounds: number;
}

export function buildScenarios(strategies: Strategy[], sizes: Sizes, shop: () => ShopFixture, buyers: () => string[]): Scenario[] {
  const pick = (...ids: string[]) => strategies.filter((s) => ids.includes(s.id));
  const { ops, concurrency, checkoutOps, rounds } = sizes;

  /** One hot listing, `stock` units, `count` buyers; optionally each winner checks out. */
  const hot = (
    id: string,
    title: string,
    opts: { stock: (ops: number) => number; count: number; concurrency: number; checkout: boolean; strategies: Strategy[]; rounds: number },
  ): Scenario => ({
    id,
    title,
    strategies: opts.strategies,
    rounds: opts.rounds,
    async run(ctx, strategy, round) {
      const stock = opts.stock(opts.count);
      const listingId = await shop().listing(stock);
      if (strategy.buckets) await splitIntoBuckets(ctx.pool, listingId, stock, ctx.buckets);
      // A checkout takes the whole cart: those runs get customers with empty carts.
      const people = opts.checkout ? await createTestUsers(ctx.prisma, opts.count, `bench-${id}-${round}-${strategy.id}`) : buyers();
      const harness = opts.checkout ? checkoutHarness() : null;
      await analyze(ctx);
      const run = await drive(opts.count, opts.concurrency, async (i) => {
        const userId = people[i]!;
        const outcome = await strategy.reserve(ctx, userId, listingId);
        if (outcome !== "won" || !harness) return outcome;
        const done = await checkout(ctx.prisma, userId, CARDS.visa, harness.options);
        return done.ok && done.saga.status === "COMPLETED" ? "won" : "refused";
      });
      if (strategy.buckets) await foldBuckets(ctx.pool, listingId);
      const facts = await stockFacts(ctx, [listingId]);
      return record(id, strategy, round, opts.concurrency, run, { ...facts, limit: stock, fairN: stock < opts.count ? stock : null });
    },
  });

  const reserving = pick("naive", "optimistic", "for-update", "function", "project", "pg-limit", "buckets");
  const checkingOut = pick("optimistic", "for-update", "function", "project", "pg-limit");

  return [
    hot("hot-stock", `Hot item, stock for all: ${ops} buyers, ${concurrency} at a time`, {
      stock: (n) => n,
      count: ops,
      concurrency,
      checkout: false,
      strategies: reserving,
      rounds,
    }),
    hot("hot-20", `Hot item, 20 units: ${ops} buyers, ${concurrency} at a time`, {
      stock: () => 20,
      count: ops,
      concurrency,
      checkout: false,
      strategies: reserving,
      rounds,
    }),
    hot("checkout-stock", `Whole checkout (simulated card), stock for all: ${checkoutOps} buyers, ${concurrency} at a time`, {
      stock: (n) => n,
      count: checkoutOps,
      concurrency,
      checkout: true,
      strategies: checkingOut,
      rounds: Math.max(1, rounds - 1),
    }),
    hot("checkout-20", `Whole checkout (simulated card), 20 units: ${ops} buyers, ${concurrency} at a time`, {
      stock: () => 20,
      count: ops,
      concurrency,
      checkout: true,
      strategies: checkingOut,
      rounds: Math.max(1, rounds - 1),
    }),
    hot("hot-1000", `Hot item, stock for all: ${ops} buyers, 1,000 at a time`, {
      stock: (n) => n,
      count: ops,
      concurrency: 1000,
      checkout: false,
      strategies: pick("for-update", "function", "project"),
      rounds: Math.max(1, rounds - 1),
    }),
    ...discountScenarios(sizes, shop),
    mixed(pick("optimistic", "for-update", "function", "project", "pg-limit"), sizes, shop, buyers),
    signUps(sizes),
  ];
}

/** A small deterministic generator: every strategy sees the same sequence of choices. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const LISTINGS = 50;
const MIXED_STOCK = 100;

/** 50 listings with Zipf-like popularity (weight 1/k); one call in five is a catalogue read. */
function mixed(strategies: Strategy[], sizes: Sizes, shop: () => ShopFixture, buyers: () => string[]): Scenario {
  const weights = Array.from({ length: LISTINGS }, (_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const random = seeded(42);
  const plan = Array.from({ length: sizes.ops }, () => {
    if (random() < 0.2) return -1;
    let x = random() * total;
    for (let k = 0; k < LISTINGS; k++) if ((x -= weights[k]!) <= 0) return k;
    return LISTINGS - 1;
  });
  return {
    id: "mixed",
    title: `Mixed: ${sizes.ops} calls over ${LISTINGS} listings (Zipf, ${MIXED_STOCK} units each), 20% catalogue reads, ${sizes.concurrency} at a time`,
    strategies,
    rounds: sizes.rounds,
    async run(ctx, strategy, round) {
      const listingIds: string[] = [];
      for (let k = 0; k < LISTINGS; k++) listingIds.push(await shop().listing(MIXED_STOCK));
      const people = buyers();
      await analyze(ctx);
      const run = await drive(sizes.ops, sizes.concurrency, async (i) => {
        const k = plan[i]!;
        if (k < 0) {
          await listCatalogue(ctx.prisma);
          return "won";
        }
        return strategy.reserve(ctx, people[i]!, listingIds[k]!);
      });
      const facts = await stockFacts(ctx, listingIds);
      const adds = plan.filter((k) => k >= 0);
      const demand = listingIds.reduce((sum, _, k) => sum + Math.min(MIXED_STOCK, adds.filter((a) => a === k).length), 0);
      return record("mixed", strategy, round, sizes.concurrency, run, { ...facts, limit: demand, fairN: null });
    },
  };
}

const EMAILS = 50;
const SIGN_UPS = 500;
const SECRET = "bench-contact-secret-0123456789abcdef";

/** 500 concurrent sign-ups over 50 emails: exactly 50 accounts, one per email (I7). Passwords hashed once, up front. */
function signUps(sizes: Sizes): Scenario {
  const project: Strategy = {
    id: "project",
    label: "ours: contact claims (createAccount)",
    checkoutReady: false,
    reserve: () => Promise.resolve("refused"),
  };
  const naive: Strategy = {
    id: "naive",
    // Since users.email has a unique index, its duplicates are refused by the index and counted as errors.
    label: "naive: look up the email, then insert",
    checkoutReady: false,
    reserve: () => Promise.resolve("refused"),
  };
  let sharedHash: string | undefined;
  return {
    id: "sign-ups",
    title: `${SIGN_UPS} sign-ups at once over ${EMAILS} emails, ${sizes.concurrency} at a time (argon2 done before, not timed)`,
    strategies: [naive, project],
    rounds: sizes.rounds,
    async run(ctx, strategy, round) {
      sharedHash ??= (await ctx.prisma.user.findFirst({ select: { passwordHash: true } }))?.passwordHash ?? "x";
      const tag = randomUUID().slice(0, 8);
      const emails = Array.from({ length: EMAILS }, (_, k) => `signup-${tag}-${k}@example.test`);
      // The ten sign-ups of one email arrive one after another, so they meet in the pool at once.
      const accounts: NewAccount[] = Array.from({ length: SIGN_UPS }, (_, i) => {
        const email = emails[Math.floor(i / (SIGN_UPS / EMAILS))]!;
        const phone = `+35840${String(1_000_000 + round * 100_000 + i + Math.floor(Math.random() * 1000) * 1000).slice(-7)}`;
        return {
          name: `Bench ${i}`,
          email,
          phone,
          passwordHash: sharedHash!,
          emailDigest: contactDigest(SECRET, "EMAIL", email),
          phoneDigest: contactDigest(SECRET, "PHONE", phone),
        };
      });
      const run = await drive(SIGN_UPS, sizes.concurrency, async (i) => {
        const account = accounts[i]!;
        if (strategy.id === "project") {
          const result = await runStep(ctx.prisma, createAccount, account);
          return result.ok ? "won" : "refused";
        }
        return ctx.prisma.$transaction(async (tx) => {
          const found = await tx.$queryRaw<unknown[]>`SELECT 1 FROM users WHERE email = ${account.email}`;
          if (found.length > 0) return "refused" as const;
          await tx.$executeRaw`
            INSERT INTO users (id, name, email, phone, password_hash)
            VALUES (gen_random_uuid(), ${account.name}, ${account.email}, ${account.phone}, ${account.passwordHash})`;
          return "won" as const;
        }, contendedTx);
      });
      const { rows } = await ctx.pool.query<{ accounts: number; claims: number }>(
        `SELECT COUNT(*)::int AS accounts,
                (SELECT COUNT(*) FROM contact_claims c JOIN users u ON u.id = c.user_id WHERE u.email = ANY($1) AND c.kind = 'EMAIL')::int AS claims
           FROM users WHERE email = ANY($1)`,
        [emails],
      );
      const facts = rows[0]!;
      const consistent = strategy.id === "project" ? facts.claims === facts.accounts : null;
      return record("sign-ups", strategy, round, sizes.concurrency, run, {
        issued: facts.accounts,
        consistent,
        limit: EMAILS,
        fairN: null,
      });
    },
  };
}

export { median };
