import { beforeAll, describe, expect, it } from "vitest";
import { attemptSignIn, signInLimits, type SignInLimits } from "@/lib/accounts/sign-in";
import { Prisma } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { createTestUser, TEST_PASSWORD } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
});

const OWNER_IP = "192.0.2.10";
const ATTACKER_IP = "203.0.113.66";

async function guess(email: string, ip: string, limits?: SignInLimits, password = "not-the-password") {
  return attemptSignIn(t.prisma, { email, password, ip }, limits);
}

/** As if the pair's shortest window had ended (windows are cut on the database clock). */
async function endShortWindow(ip: string) {
  await t.prisma.$executeRaw(Prisma.sql`DELETE FROM rate_limit_buckets WHERE key LIKE 'sign-in:pair:%' AND key LIKE ${`%:${ip}:short`}`);
}

describe("a guesser who knows an email cannot lock its owner out", () => {
  it("30 failed sign-ins from another address, then the owner signs in from their own (default settings)", async () => {
    const owner = await createTestUser(t.prisma);
    const outcomes = [];
    for (let i = 0; i < 30; i++) {
      const result = await guess(owner.email, ATTACKER_IP);
      outcomes.push(result.ok ? "ok" : result.reason);
    }
    const perClient = env().SIGN_IN_LIMIT_PER_ACCOUNT_CLIENT;
    expect(outcomes.filter((o) => o === "invalid")).toHaveLength(perClient);
    expect(outcomes.slice(perClient).every((o) => o === "rate-limited")).toBe(true);
    expect(await attemptSignIn(t.prisma, { email: owner.email, password: TEST_PASSWORD, ip: OWNER_IP })).toMatchObject({ ok: true });
    // Even a couple of the owner's own typos on the way do not matter.
    expect(await guess(owner.email, OWNER_IP)).toMatchObject({ reason: "invalid" });
    expect(await attemptSignIn(t.prisma, { email: owner.email, password: TEST_PASSWORD, ip: OWNER_IP })).toMatchObject({ ok: true });
  });

  it("a concurrent burst from one address gets exactly its own budget, and cannot spend the account's ceiling", async () => {
    const owner = await createTestUser(t.prisma);
    const limits = { ...signInLimits(), perAccount: 8 };
    const burst = await Promise.all(Array.from({ length: 40 }, () => guess(owner.email, ATTACKER_IP, limits)));
    expect(burst.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(limits.perClient);
    expect(burst.filter((r) => !r.ok && r.reason === "rate-limited")).toHaveLength(40 - limits.perClient);
    expect(await attemptSignIn(t.prisma, { email: owner.email, password: TEST_PASSWORD, ip: OWNER_IP }, limits)).toMatchObject({
      ok: true,
    });
  });

  it("a client that keeps failing waits longer and longer: a tenth of the window, then the window, then six", async () => {
    const owner = await createTestUser(t.prisma);
    const limits: SignInLimits = { perClient: 2, perIp: 1_000, perAccount: 1_000, windowMs: 3_600_000 };
    const run = async (n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push(((r) => (r.ok ? "ok" : r.reason))(await guess(owner.email, ATTACKER_IP, limits)));
      return out;
    };
    // Refused attempts count too, so hammering only pushes the client into the longer windows.
    expect(await run(2)).toEqual(["invalid", "invalid"]);
    const shortWait = await guess(owner.email, ATTACKER_IP, limits);
    expect(shortWait).toMatchObject({ reason: "rate-limited" });
    if (!shortWait.ok && shortWait.reason === "rate-limited") expect(shortWait.retryAfterSeconds).toBeLessThanOrEqual(360);
    // The short window ends: one more try, then the whole window's budget (2 x 2) is spent,
    // and the end of the next short window no longer helps.
    await endShortWindow(ATTACKER_IP);
    expect(await run(2)).toEqual(["invalid", "rate-limited"]);
    await endShortWindow(ATTACKER_IP);
    expect(await run(1)).toEqual(["rate-limited"]);
    // The right password waits too: a guesser must not learn when they hit it.
    expect(await guess(owner.email, ATTACKER_IP, limits, TEST_PASSWORD)).toMatchObject({ reason: "rate-limited" });
    expect(await guess(owner.email, OWNER_IP, limits, TEST_PASSWORD)).toMatchObject({ ok: true });
  });

  it("many addresses together meet the per-account ceiling; the password is not tried past it", async () => {
    const owner = await createTestUser(t.prisma);
    const limits: SignInLimits = { perClient: 3, perIp: 1_000, perAccount: 10, windowMs: 600_000 };
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, a) => Promise.all(Array.from({ length: 3 }, () => guess(owner.email, `198.51.100.${a}`, limits)))),
    );
    const flat = results.flat();
    expect(flat.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(10);
    expect(flat.filter((r) => !r.ok && r.reason === "rate-limited")).toHaveLength(8);
    expect(await guess(owner.email, OWNER_IP, limits, TEST_PASSWORD)).toMatchObject({ reason: "rate-limited" });
  });

  it("one address spraying many accounts meets the per-address limit", async () => {
    const limits: SignInLimits = { perClient: 5, perIp: 4, perAccount: 100, windowMs: 600_000 };
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      const r = await guess(`nobody-${i}@example.test`, "198.18.5.5", limits);
      outcomes.push(r.ok ? "ok" : r.reason);
    }
    expect(outcomes).toEqual(["invalid", "invalid", "invalid", "invalid", "rate-limited", "rate-limited"]);
  });
});
