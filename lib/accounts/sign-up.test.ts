import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { insertAccounts } from "@/lib/accounts/insert-accounts";
import { hashPassword } from "@/lib/accounts/passwords";
import { signUpSchema, type SignUpInput } from "@/lib/accounts/schemas";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { createAccount, prepareAccount, signUp, type SignUpResult } from "@/lib/accounts/sign-up";
import { auditInvariants } from "@/lib/audit/audit";
import { ok } from "@/lib/steps/result";
import { attempt, inTransaction } from "@/lib/steps/run-step";
import { createTestUser, TEST_PASSWORD } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
});

const phone = (n: number) => `+35840${String(1_000_000 + n)}`;
// The form's action parses once with the schema; the lib takes what it parsed.
const parse = (input: SignUpInput) => signUpSchema.parse(input);

async function race(label: string, inputs: SignUpInput[]) {
  const racers = t.newClient(10);
  const started = performance.now();
  const results = await Promise.all(inputs.map((input) => signUp(racers, parse(input))));
  const ms = Math.round(performance.now() - started);
  const winners = results.filter((r) => r.ok).length;
  console.log(`[sign-up race] ${label}: attempts=${inputs.length} winners=${winners} time=${ms} ms`);
  return results;
}

const failures = (results: SignUpResult[]) => results.filter((r): r is Extract<SignUpResult, { ok: false }> => !r.ok);

describe("one account per contact under concurrent sign-ups (I7)", () => {
  it("50 concurrent sign-ups with the same email: exactly 1 account, 49 'already registered'", async () => {
    const results = await race(
      "same email",
      Array.from({ length: 50 }, (_, i) => ({
        name: `Racer ${i}`,
        // Different spellings of one address: normalisation makes them the same contact.
        email: i % 2 === 0 ? "same.email@example.test" : "  Same.Email@EXAMPLE.test ",
        phone: phone(i),
        password: TEST_PASSWORD,
      })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const lost = failures(results);
    expect(lost).toHaveLength(49);
    for (const result of lost) expect(result).toEqual({ ok: false, reason: "contact-taken", taken: ["email"] });

    expect(await t.prisma.user.count({ where: { email: "same.email@example.test" } })).toBe(1);
    // Losers left no phone claim behind: every one of their phones is still free.
    expect(await t.prisma.contactClaim.count()).toBe(2);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });

  it("50 concurrent sign-ups with the same phone: exactly 1 account, 49 'already registered'", async () => {
    const results = await race(
      "same phone",
      Array.from({ length: 50 }, (_, i) => ({
        name: `Caller ${i}`,
        email: `caller-${i}@example.test`,
        // The same Finnish number, written nationally and internationally.
        phone: i % 2 === 0 ? "+358 50 765 4321" : "050 7654321",
        password: TEST_PASSWORD,
      })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const lost = failures(results);
    expect(lost).toHaveLength(49);
    for (const result of lost) expect(result).toEqual({ ok: false, reason: "contact-taken", taken: ["phone"] });
    expect(await t.prisma.user.count({ where: { phone: "+358507654321" } })).toBe(1);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });

  it("50 concurrent sign-ups with distinct contacts: 50 accounts", async () => {
    const before = await t.prisma.user.count();
    const results = await race(
      "distinct contacts",
      Array.from({ length: 50 }, (_, i) => ({
        name: `Distinct ${i}`,
        email: `distinct-${i}@example.test`,
        phone: phone(500 + i),
        password: TEST_PASSWORD,
      })),
    );
    expect(failures(results)).toEqual([]);
    expect(await t.prisma.user.count()).toBe(before + 50);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });
});

describe("sign-up queues for a connection like every contended step", () => {
  it("100 concurrent sign-ups on a pool of 2, already busy for longer than Prisma's 2 s default wait, all complete", async () => {
    const racers = t.newClient(2);
    // Both connections busy for 2.5 s, as at a sale launch: a sign-up that gives up after
    // Prisma's default 2 s would fail with "Unable to start a transaction".
    const busy = Array.from({ length: 2 }, () =>
      inTransaction(racers, async (tx) => {
        await tx.$executeRaw`SELECT pg_sleep(2.5)`;
        return ok();
      }),
    );
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        signUp(racers, parse({ name: `Burst ${i}`, email: `burst-${i}@example.test`, phone: phone(5_000 + i), password: TEST_PASSWORD })),
      ),
    );
    await Promise.all(busy);
    console.log(`[sign-up burst] 100 sign-ups on a pool of 2: ${Math.round(performance.now() - started)} ms`);
    expect(failures(results)).toEqual([]);
    expect(await t.prisma.user.count({ where: { email: { startsWith: "burst-" } } })).toBe(100);
  });
});

describe("sign-up answers", () => {
  it("reports both contacts when both are taken, and reveals nothing else", async () => {
    const existing = await createTestUser(t.prisma);
    const result = await signUp(
      t.prisma,
      parse({ name: "Copycat", email: existing.email, phone: existing.phone, password: TEST_PASSWORD }),
    );
    expect(result).toEqual({ ok: false, reason: "contact-taken", taken: ["email", "phone"] });
  });

  it("a failed sign-up leaves no claim: its free phone can be registered right after", async () => {
    const existing = await createTestUser(t.prisma);
    const claimsBefore = await t.prisma.contactClaim.count();
    const failed = await signUp(t.prisma, parse({ name: "A", email: existing.email, phone: phone(900), password: TEST_PASSWORD }));
    expect(failed.ok).toBe(false);
    expect(await t.prisma.contactClaim.count()).toBe(claimsBefore);
    const next = await signUp(t.prisma, parse({ name: "B", email: "b-900@example.test", phone: phone(900), password: TEST_PASSWORD }));
    expect(next.ok).toBe(true);
  });

  it("the form's schema names malformed fields and weak passwords", () => {
    const errors = (input: SignUpInput) => {
      const parsed = signUpSchema.safeParse(input);
      return parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
    };
    const malformed = errors({ name: " ", email: "not-an-email", phone: "12", password: "short" });
    expect(Object.keys(malformed).sort()).toEqual(["email", "name", "password", "phone"]);
    expect(malformed.password).toEqual(["Use at least 10 characters."]);
    expect(errors({ name: "Pat", email: "pat@example.test", phone: phone(901), password: "Password123" }).password).toEqual([
      "This password is too common. Choose something less guessable.",
    ]);
    expect(errors({ name: "Pat", email: "patricia@example.test", phone: phone(901), password: "patricia-2026!" }).password).toEqual([
      "Do not use your name or email in your password.",
    ]);
  });

  it("stores the email normalised, the phone in E.164 and only an argon2id hash of the password", async () => {
    const result = await signUp(
      t.prisma,
      parse({ name: " Ada ", email: " Ada@Example.TEST ", phone: "+358 (0)40 555 0101", password: TEST_PASSWORD }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const user = await t.prisma.user.findUniqueOrThrow({ where: { id: result.userId } });
    expect(user).toMatchObject({ name: "Ada", email: "ada@example.test", phone: "+358405550101" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await signInWithPassword(t.prisma, { email: "ADA@example.test ", password: TEST_PASSWORD })).toEqual({
      ok: true,
      userId: user.id,
    });
    expect(await signInWithPassword(t.prisma, { email: "ada@example.test", password: "wrong password!" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signInWithPassword(t.prisma, { email: "nobody@example.test", password: TEST_PASSWORD })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("joins a caller's transaction through attempt() and undoes only its own work when a contact is taken", async () => {
    const existing = await createTestUser(t.prisma);
    // The slow hashes first, outside the transaction, as signUp does.
    const [mine, dup] = await Promise.all([
      prepareAccount(parse({ name: "In tx", email: "in-tx@example.test", phone: phone(902), password: TEST_PASSWORD })),
      prepareAccount(parse({ name: "Dup", email: existing.email, phone: phone(903), password: TEST_PASSWORD })),
    ]);
    const outcome = await t.prisma.$transaction(async (tx) => {
      const created = await attempt(tx, createAccount, mine);
      const taken = await attempt(tx, createAccount, dup);
      return { created, taken };
    });
    expect(outcome.created.ok).toBe(true);
    expect(outcome.taken).toEqual({ ok: false, reason: "contact-taken", taken: ["email"] });
    expect(await t.prisma.user.count({ where: { email: "in-tx@example.test" } })).toBe(1);
    expect(await t.prisma.user.count({ where: { phone: phone(903) } })).toBe(0);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true });
  });

  it("the audit flags an account whose contacts are not claimed", async () => {
    const rogue = await t.prisma.user.create({
      data: { name: "Rogue", email: "rogue@example.test", phone: phone(904), passwordHash: "x" },
    });
    const report = await auditInvariants(t.prisma);
    expect(report.violations).toEqual([
      expect.objectContaining({ invariant: "I7", subject: rogue.id, detail: "email_claims=0 phone_claims=0" }),
    ]);
    await t.prisma.user.delete({ where: { id: rogue.id } });
  });
});

describe("bulk accounts for the seed and fixtures", () => {
  it("claims every contact like sign-up does, and refuses a batch with a taken contact as a whole", async () => {
    const passwordHash = await hashPassword(TEST_PASSWORD);
    const ids = await insertAccounts(
      t.prisma,
      Array.from({ length: 200 }, (_, i) => ({
        name: `Bulk ${i}`,
        email: `bulk-${i}@example.test`,
        phone: phone(2_000 + i),
        passwordHash,
      })),
    );
    expect(ids).toHaveLength(200);
    expect(await signInWithPassword(t.prisma, { email: "BULK-7@example.test", password: TEST_PASSWORD })).toEqual({
      ok: true,
      userId: ids[7],
    });
    // A sign-up cannot take a bulk-created contact.
    const taken = await signUp(
      t.prisma,
      parse({ name: "Late", email: "bulk-3@example.test", phone: phone(2_999), password: TEST_PASSWORD }),
    );
    expect(taken).toEqual({ ok: false, reason: "contact-taken", taken: ["email"] });

    const users = await t.prisma.user.count();
    await expect(
      insertAccounts(t.prisma, [
        { name: "New", email: "bulk-new@example.test", phone: phone(3_000), passwordHash },
        { name: "Dup", email: "bulk-0@example.test", phone: phone(3_001), passwordHash },
      ]),
    ).rejects.toThrow(/already registered/);
    expect(await t.prisma.user.count()).toBe(users);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });
});

describe("instances whose CONTACT_HMAC_SECRET differs (I7, README: Deploying)", () => {
  it("20 concurrent sign-ups of one email under two secrets: still exactly 1 account", async () => {
    const racers = t.newClient(10);
    const secrets = ["instance-a-secret-0123456789", "instance-b-secret-0123456789"];
    // The two secrets give one email two claim keys: only users' unique index can refuse the second.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signUp(
          racers,
          parse({ name: `Split ${i}`, email: "split.secret@example.test", phone: phone(7_000 + i), password: TEST_PASSWORD }),
          { contactSecret: secrets[i % 2]! },
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const result of failures(results)) expect(result).toEqual({ ok: false, reason: "contact-taken", taken: ["email"] });
    expect(await t.prisma.user.count({ where: { email: "split.secret@example.test" } })).toBe(1);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });

  it("a phone registered under another secret is refused as taken, and leaves no claim behind", async () => {
    const first = await signUp(
      t.prisma,
      parse({ name: "First", email: "first.split@example.test", phone: phone(8_000), password: TEST_PASSWORD }),
      {
        contactSecret: "instance-a-secret-0123456789",
      },
    );
    expect(first.ok).toBe(true);
    const claims = await t.prisma.contactClaim.count();
    const second = await signUp(
      t.prisma,
      parse({ name: "Second", email: "second.split@example.test", phone: phone(8_000), password: TEST_PASSWORD }),
      { contactSecret: "instance-b-secret-0123456789" },
    );
    expect(second).toEqual({ ok: false, reason: "contact-taken", taken: ["phone"] });
    expect(await t.prisma.contactClaim.count()).toBe(claims);
    expect(await t.prisma.user.count({ where: { email: "second.split@example.test" } })).toBe(0);
  });
});
