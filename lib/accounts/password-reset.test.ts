import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  issuePasswordReset,
  isResetLinkLive,
  passwordResetLimits,
  requestPasswordReset,
  resetPassword,
  RESET_LINK_TTL_MS,
} from "@/lib/accounts/password-reset";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { auditInvariants } from "@/lib/audit/audit";
import { currentSessionEpoch } from "@/lib/auth/session-epoch";
import { Prisma } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { env } from "@/lib/env";
import { refuse } from "@/lib/steps/result";
import { inTransaction } from "@/lib/steps/run-step";
import { createTestUser, uniqueContacts } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase(6);
});

const NEW_PASSWORD = "quiet-meadow-lantern-9";
let ipCounter = 0;
// Each request from an address of its own: the per-address limit is not what these tests are about.
const nextIp = () => `203.0.113.${++ipCounter}`;

const messageRow = z.object({ body: col.text, dedupe_key: col.text, kind: col.text });

async function messagesOf(userId: string) {
  return sqlRows(
    t.prisma,
    messageRow,
    Prisma.sql`
    SELECT body, dedupe_key, kind FROM notifications WHERE user_id = ${userId}::uuid ORDER BY created_at, id`,
  );
}

/** The token of the newest reset link the user was sent, read from the message as they would. */
async function latestToken(userId: string): Promise<string> {
  const messages = (await messagesOf(userId)).filter((m) => m.kind === "password-reset");
  const token = /\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(messages.at(-1)?.body ?? "")?.[1];
  if (!token) throw new Error("no reset link in the user's notifications");
  return token;
}

async function askForLink(email: string) {
  return requestPasswordReset(t.prisma, { email }, nextIp());
}

async function resetCount(userId?: string): Promise<number> {
  const rows = await sqlRows(
    t.prisma,
    z.object({ n: col.int }),
    Prisma.sql`
    SELECT COUNT(*)::int AS n FROM password_resets ${userId ? Prisma.sql`WHERE user_id = ${userId}::uuid` : Prisma.empty}`,
  );
  return rows[0]?.n ?? 0;
}

describe("password reset links are single-use and expire (forgot your password?)", () => {
  it("a link sets the new password once: the old password and the same link stop working", async () => {
    const user = await createTestUser(t.prisma);
    expect(await askForLink(user.email)).toEqual({ ok: true });
    const token = await latestToken(user.id);
    expect(await isResetLinkLive(t.prisma, token)).toBe(true);

    expect(await resetPassword(t.prisma, { token, password: NEW_PASSWORD })).toEqual({ ok: true, userId: user.id });
    expect(await signInWithPassword(t.prisma, { email: user.email, password: NEW_PASSWORD })).toEqual({ ok: true, userId: user.id });
    expect(await signInWithPassword(t.prisma, { email: user.email, password: user.password })).toEqual({ ok: false, reason: "invalid" });

    expect(await isResetLinkLive(t.prisma, token)).toBe(false);
    expect(await resetPassword(t.prisma, { token, password: "another-fine-password" })).toEqual({ ok: false, reason: "link-invalid" });
    // The spent link's message no longer carries a live token.
    const [message] = await messagesOf(user.id);
    expect(message?.body).not.toContain(token);
  });

  it("5 concurrent uses of one link on separate clients: exactly one sets its password", async () => {
    const user = await createTestUser(t.prisma);
    await askForLink(user.email);
    const token = await latestToken(user.id);
    const passwords = Array.from({ length: 5 }, (_, i) => `racing-password-number-${i}`);
    const results = await Promise.all(passwords.map((password) => resetPassword(t.newClient(2), { token, password })));

    const winners = results.flatMap((result, i) => (result.ok ? [passwords[i]!] : []));
    expect(winners).toHaveLength(1);
    for (const result of results.filter((r) => !r.ok)) expect(result).toEqual({ ok: false, reason: "link-invalid" });
    // The password is the winner's, and the session epoch moved exactly once.
    expect((await signInWithPassword(t.prisma, { email: user.email, password: winners[0]! })).ok).toBe(true);
    expect(await currentSessionEpoch(t.prisma, user.id)).toBe(1);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });

  it("a link aged past its 30 minutes is refused and changes nothing", async () => {
    const user = await createTestUser(t.prisma);
    await askForLink(user.email);
    const token = await latestToken(user.id);
    const [link] = await sqlRows(
      t.prisma,
      z.object({ minutes: col.number }),
      Prisma.sql`
      SELECT extract(epoch FROM expires_at - created_at)::float8 / 60 AS minutes FROM password_resets WHERE user_id = ${user.id}::uuid`,
    );
    expect(link?.minutes).toBeCloseTo(RESET_LINK_TTL_MS / 60_000, 0);

    await t.prisma.$executeRaw(Prisma.sql`
      UPDATE password_resets SET created_at = created_at - interval '31 minutes', expires_at = expires_at - interval '31 minutes'
       WHERE user_id = ${user.id}::uuid`);
    expect(await isResetLinkLive(t.prisma, token)).toBe(false);
    expect(await resetPassword(t.prisma, { token, password: NEW_PASSWORD })).toEqual({ ok: false, reason: "link-invalid" });
    expect((await signInWithPassword(t.prisma, { email: user.email, password: user.password })).ok).toBe(true);
    expect(await currentSessionEpoch(t.prisma, user.id)).toBe(0);
  });

  it("an email without an account gets the same answer and nothing is written", async () => {
    const resetsBefore = await resetCount();
    const messagesBefore = await t.prisma.notification.count();
    const unknown = await askForLink(uniqueContacts().email);
    const user = await createTestUser(t.prisma);
    const known = await askForLink(user.email);

    expect(unknown).toEqual(known);
    expect(await resetCount()).toBe(resetsBefore + 1);
    expect(await t.prisma.notification.count()).toBe(messagesBefore + 1);
  });

  it("resetting ends every session: the user's session epoch is bumped", async () => {
    const user = await createTestUser(t.prisma);
    const before = await currentSessionEpoch(t.prisma, user.id);
    await askForLink(user.email);
    expect(await resetPassword(t.prisma, { token: await latestToken(user.id), password: NEW_PASSWORD })).toMatchObject({ ok: true });
    expect(await currentSessionEpoch(t.prisma, user.id)).toBe(before + 1);
  });

  it("a new link replaces the earlier unused one, whose message no longer carries its token", async () => {
    const user = await createTestUser(t.prisma);
    await askForLink(user.email);
    const first = await latestToken(user.id);
    await askForLink(user.email);
    const second = await latestToken(user.id);
    expect(second).not.toBe(first);

    expect(await resetPassword(t.prisma, { token: first, password: NEW_PASSWORD })).toEqual({ ok: false, reason: "link-invalid" });
    expect(JSON.stringify(await messagesOf(user.id))).not.toContain(first);
    expect(await resetPassword(t.prisma, { token: second, password: NEW_PASSWORD })).toMatchObject({ ok: true });
  });

  it("the notification is written in the link's own transaction (outbox): both or neither", async () => {
    const user = await createTestUser(t.prisma);
    const input = {
      email: user.email,
      token: "x".repeat(43),
      ttlMs: RESET_LINK_TTL_MS,
      contactSecret: env().CONTACT_HMAC_SECRET,
      origin: "https://shop.example",
    };

    // A caller whose transaction fails after the step: the link and its message both vanish.
    const refused = await inTransaction(t.prisma, async (tx) => {
      await issuePasswordReset(tx, input);
      return refuse("caller-gave-up");
    });
    expect(refused).toMatchObject({ ok: false });
    expect(await resetCount(user.id)).toBe(0);
    expect(await messagesOf(user.id)).toEqual([]);

    await inTransaction(t.prisma, (tx) => issuePasswordReset(tx, input));
    const [written] = await sqlRows(
      t.prisma,
      z.object({ same_tx: col.bool, body: col.text }),
      Prisma.sql`
      SELECT p.xmin = n.xmin AS same_tx, n.body
        FROM password_resets p JOIN notifications n ON n.dedupe_key = 'password-reset:' || p.id::text
       WHERE p.user_id = ${user.id}::uuid`,
    );
    expect(written?.same_tx).toBe(true);
    // With the public URL known, the link is absolute.
    expect(written?.body).toContain(`https://shop.example/reset-password?token=${"x".repeat(43)}`);
  });

  it("requests are limited per email address, known or not, and per client address", async () => {
    const limits = passwordResetLimits();
    const ask = (email: string, ip = nextIp()) => requestPasswordReset(t.prisma, { email }, ip, limits);
    const user = await createTestUser(t.prisma);
    for (let i = 0; i < limits.perContact; i++) expect(await ask(user.email)).toEqual({ ok: true });
    expect(await ask(user.email)).toMatchObject({ ok: false, reason: "rate-limited" });
    const stranger = uniqueContacts().email;
    for (let i = 0; i < limits.perContact; i++) expect(await ask(stranger)).toEqual({ ok: true });
    expect(await ask(stranger)).toMatchObject({ ok: false, reason: "rate-limited" });

    const ip = "198.51.100.77";
    for (let i = 0; i < limits.perIp; i++) expect(await ask(uniqueContacts().email, ip)).toEqual({ ok: true });
    expect(await ask(uniqueContacts().email, ip)).toMatchObject({ ok: false, reason: "rate-limited" });
  });

  it("a password naming the account's owner is refused before the link is spent", async () => {
    const user = await createTestUser(t.prisma, { name: "Marjatta" });
    await askForLink(user.email);
    const token = await latestToken(user.id);
    expect(await resetPassword(t.prisma, { token, password: "marjatta-garden-2026" })).toEqual({ ok: false, reason: "password-personal" });
    expect(await isResetLinkLive(t.prisma, token)).toBe(true);
  });
});
