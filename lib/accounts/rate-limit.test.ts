import { beforeAll, describe, expect, it } from "vitest";
import { consumeRateLimit, pruneRateLimitBuckets, refundRateLimit } from "@/lib/accounts/rate-limit";
import { signUpSchema } from "@/lib/accounts/schemas";
import { attemptSignIn } from "@/lib/accounts/sign-in";
import { signUpWithLimits } from "@/lib/accounts/sign-up";
import { env } from "@/lib/env";
import { createTestUser, TEST_PASSWORD, uniqueContacts } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
});

describe("attempt limits shared through PostgreSQL", () => {
  it("lets exactly `limit` of 40 concurrent attempts through, from several instances", async () => {
    const instances = [t.newClient(4), t.newClient(4)];
    const rule = { key: "test:burst", limit: 10, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => consumeRateLimit(instances[i % 2]!, [rule])));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    for (const refused of results.filter((r) => !r.ok)) {
      expect(refused).toMatchObject({ ok: false, reason: "rate-limited" });
      if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      if (!refused.ok) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
  });

  it("refuses when any one of an attempt's keys is over its limit, and refunds", async () => {
    const rules = [
      { key: "test:ip", limit: 100, windowMs: 60_000 },
      { key: "test:account", limit: 2, windowMs: 60_000 },
    ];
    expect((await consumeRateLimit(t.prisma, rules)).ok).toBe(true);
    const second = await consumeRateLimit(t.prisma, rules);
    expect(second.ok).toBe(true);
    expect((await consumeRateLimit(t.prisma, rules)).ok).toBe(false);
    await refundRateLimit(t.prisma, second.buckets);
    await refundRateLimit(t.prisma, second.buckets);
    expect((await consumeRateLimit(t.prisma, rules)).ok).toBe(true);
  });

  it("starts a key's window at its first attempt, and a new one at the first attempt after it ends", async () => {
    const rule = { key: "test:window", limit: 1, windowMs: 60_000 };
    expect((await consumeRateLimit(t.prisma, [rule])).ok).toBe(true);
    // As if the first attempt had been 50 s ago: 10 s of its window are left, whatever the clock says.
    await age(rule.key, "50 seconds");
    const refused = await consumeRateLimit(t.prisma, [rule]);
    expect(refused).toMatchObject({ ok: false, reason: "rate-limited" });
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(10);
    // The window ends: the next attempt starts a new one of its own length.
    await age(rule.key, "1 minute");
    const fresh = await consumeRateLimit(t.prisma, [rule]);
    expect(fresh.ok).toBe(true);
    const [bucket] = await t.prisma.$queryRaw<{ length_ms: number; hits: number }[]>`
      SELECT (extract(epoch FROM window_end - window_start) * 1000)::float8 AS length_ms, hits FROM rate_limit_buckets WHERE key = ${rule.key}`;
    expect(bucket).toEqual({ length_ms: 60_000, hits: 1 });
    // A refund meant for the ended window does not give anything back to the new one.
    if (!refused.ok) await refundRateLimit(t.prisma, refused.buckets);
    expect((await consumeRateLimit(t.prisma, [rule])).ok).toBe(false);
  });

  it("40 concurrent attempts at the end of a window start one new window and let exactly `limit` through", async () => {
    const rule = { key: "test:window-end", limit: 10, windowMs: 60_000 };
    for (let i = 0; i < 12; i++) await consumeRateLimit(t.prisma, [rule]);
    await age(rule.key, "1 minute");
    const instances = [t.newClient(4), t.newClient(4)];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => consumeRateLimit(instances[i % 2]!, [rule])));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(await t.prisma.rateLimitBucket.findUnique({ where: { key: rule.key } })).toMatchObject({ hits: 40 });
  });

  it("prunes only buckets whose window ended longer ago than asked", async () => {
    const ended = { key: "test:prune-ended", limit: 1, windowMs: 60_000 };
    const live = { key: "test:prune-live", limit: 1, windowMs: 60_000 };
    await consumeRateLimit(t.prisma, [ended, live]);
    await age(ended.key, "1 day 2 minutes");
    expect(await pruneRateLimitBuckets(t.prisma, 24 * 60 * 60 * 1_000)).toBeGreaterThanOrEqual(1);
    expect(await t.prisma.rateLimitBucket.count({ where: { key: { in: [ended.key, live.key] } } })).toBe(1);
    expect(await t.prisma.rateLimitBucket.findUnique({ where: { key: live.key } })).not.toBeNull();
  });
});

/** Moves a key's window into the past instead of waiting for it. */
async function age(key: string, by: string) {
  await t.prisma.$executeRaw`
    UPDATE rate_limit_buckets
       SET window_start = window_start - ${by}::interval, window_end = window_end - ${by}::interval
     WHERE key = ${key}`;
}

describe("sign-in and sign-up limits", () => {
  it("blocks an account after too many failed sign-ins from many addresses (each one stays counted), and a success does not count", async () => {
    const user = await createTestUser(t.prisma);
    // A small ceiling keeps the argon2 checks few; the defaults are tested in sign-in.test.ts.
    const limit = 8;
    const limits = { perClient: 5, perIp: 1_000, perAccount: limit, windowMs: env().RATE_LIMIT_WINDOW };
    // Successful sign-ins are refunded: many of them never lock the owner out.
    for (let i = 0; i < limit + 2; i++) {
      expect(await attemptSignIn(t.prisma, { email: user.email, password: TEST_PASSWORD, ip: `198.51.100.${i}` }, limits)).toMatchObject({
        ok: true,
      });
    }
    const guesses = await Promise.all(
      Array.from({ length: limit + 5 }, (_, i) =>
        attemptSignIn(t.prisma, { email: user.email, password: `wrong-guess-${i}`, ip: `203.0.113.${i}` }, limits),
      ),
    );
    expect(guesses.filter((g) => !g.ok && g.reason === "invalid")).toHaveLength(limit);
    const limited = guesses.filter((g) => !g.ok && g.reason === "rate-limited");
    expect(limited).toHaveLength(5);
    for (const refusal of limited) {
      if (refusal.ok || refusal.reason !== "rate-limited") continue;
      expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
      expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(Math.ceil(env().RATE_LIMIT_WINDOW / 1000));
    }
    // Even the right password waits now: the guesser must not learn when they hit it.
    expect(await attemptSignIn(t.prisma, { email: user.email, password: TEST_PASSWORD, ip: "192.0.2.1" }, limits)).toMatchObject({
      ok: false,
      reason: "rate-limited",
    });
  });

  it("limits sign-ups per address, counting successes too", async () => {
    const ip = "192.0.2.77";
    const perIp = env().SIGN_UP_LIMIT_PER_IP;
    const results = [];
    for (let i = 0; i < perIp + 1; i++) {
      const input = signUpSchema.parse({ name: `Bulk ${i}`, ...uniqueContacts(), password: TEST_PASSWORD });
      results.push(await signUpWithLimits(t.prisma, input, ip));
    }
    expect(results.filter((r) => r.ok)).toHaveLength(perIp);
    expect(results.at(-1)).toEqual({ ok: false, reason: "rate-limited", retryAfterSeconds: expect.any(Number) });
  });

  it("counts refused sign-ups too: the count commits before the account's transaction rolls back", async () => {
    const perContact = env().SIGN_UP_LIMIT_PER_CONTACT;
    const { email } = uniqueContacts();
    const results = [];
    for (let i = 0; i <= perContact; i++) {
      const input = signUpSchema.parse({ name: `Same ${i}`, email, phone: uniqueContacts().phone, password: TEST_PASSWORD });
      results.push(await signUpWithLimits(t.prisma, input, `198.18.0.${i}`));
    }
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual([
      "ok",
      ...Array.from({ length: perContact - 1 }, () => "contact-taken"),
      "rate-limited",
    ]);
  });
});
