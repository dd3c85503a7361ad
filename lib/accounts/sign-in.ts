import "server-only";
import { z } from "zod";
import { contactDigest, contactDigestHex } from "@/lib/accounts/contact-claims";
import { normalizeEmail } from "@/lib/accounts/normalize";
import { verifyPassword } from "@/lib/accounts/passwords";
import { consumeRateLimit, refundRateLimit } from "@/lib/accounts/rate-limit";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { env } from "@/lib/env";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";

export type SignInResult = Ok<{ userId: string }> | Refusal<"invalid">;

export interface PasswordCheck {
  email: string;
  password: string;
  /** The HMAC key of contact claims; the configured CONTACT_HMAC_SECRET by default. */
  contactSecret?: string;
}

// A real hash to compare against when the email is unknown, so the answer takes as long
// either way and does not tell who has an account.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0vC3b3E0O1b4oS8xGzWzC4eB3zH9m0v0a5E5nq2nQ0M";

/**
 * Checks an email and password (a read-only step). The account is found through its email
 * claim (the primary key of contact_claims), the same index that keeps emails unique. Given
 * the client rather than a transaction, the slow password check holds no connection.
 */
export async function signInWithPassword(tx: Tx, input: PasswordCheck): Promise<SignInResult> {
  const digest = contactDigest(input.contactSecret ?? env().CONTACT_HMAC_SECRET, "EMAIL", normalizeEmail(input.email));
  const rows = await sqlRows(
    tx,
    z.object({ id: col.text, password_hash: col.text }),
    Prisma.sql`
    SELECT u.id::text AS id, u.password_hash
      FROM contact_claims c JOIN users u ON u.id = c.user_id
     WHERE c.kind = 'EMAIL' AND c.digest = ${digest}::bytea`,
  );
  const user = rows[0];
  const valid = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  return user && valid ? ok({ userId: user.id }) : refuse("invalid");
}

export type SignInAttemptResult = SignInResult | Refusal<"rate-limited", { retryAfterSeconds: number }>;

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address (lib/auth/client-ip.ts); "direct" when there is none. */
  ip: string;
}

export interface SignInLimits {
  /** Failures one client may make on one account in a tenth of the window; twice that per window, 4x per 6 windows. */
  perClient: number;
  /** Failures one client may make over all accounts per window (password spraying). */
  perIp: number;
  /** Failures on one account from all clients together per window: the ceiling a distributed guesser meets. */
  perAccount: number;
  windowMs: number;
}

export function signInLimits(): SignInLimits {
  const settings = env();
  return {
    perClient: settings.SIGN_IN_LIMIT_PER_ACCOUNT_CLIENT,
    perIp: settings.SIGN_IN_LIMIT_PER_IP,
    perAccount: settings.SIGN_IN_LIMIT_PER_ACCOUNT,
    windowMs: settings.RATE_LIMIT_WINDOW,
  };
}

const rateLimited = (retryAfterSeconds: number) => refuse("rate-limited", { retryAfterSeconds });

/**
 * Sign-in with abuse limits that a guesser cannot turn against the account's owner.
 *
 * Failures are counted per (account, client) pair in three windows (a tenth of the window,
 * the window, six windows), so one client's wait grows from about a minute to an hour as it
 * keeps failing, while the owner signing in from their own address has a budget of their own.
 * Per client over all accounts, a spraying limit. Per account over all clients, a ceiling
 * far above one client's budget, counted only for attempts their own client's limits let
 * through: a client hammering a closed door keeps its own door closed and cannot spend the
 * account's ceiling, so locking the owner out takes many addresses at once.
 *
 * Attempts are counted before the password is checked (a burst of parallel guesses is cut
 * off too) and refunded when one succeeds: only failures use up a budget. Deliberately not
 * one transaction through the step runner: a refusal would roll the count back. Each count
 * commits on its own statement, and the argon2 check (~50 ms) holds no connection or lock.
 */
export async function attemptSignIn(db: Db, attempt: SignInAttempt, limits: SignInLimits = signInLimits()): Promise<SignInAttemptResult> {
  const settings = env();
  const account = contactDigestHex(settings.CONTACT_HMAC_SECRET, "EMAIL", normalizeEmail(attempt.email));
  const pair = `sign-in:pair:${account}:${attempt.ip}`;
  const window = limits.windowMs;
  const client = await consumeRateLimit(db, [
    { key: `${pair}:short`, limit: limits.perClient, windowMs: window / 10 },
    { key: `${pair}:window`, limit: limits.perClient * 2, windowMs: window },
    { key: `${pair}:long`, limit: limits.perClient * 4, windowMs: window * 6 },
    { key: `sign-in:ip:${attempt.ip}`, limit: limits.perIp, windowMs: window },
  ]);
  if (!client.ok) return rateLimited(client.retryAfterSeconds);
  const ceiling = await consumeRateLimit(db, [{ key: `sign-in:account:${account}`, limit: limits.perAccount, windowMs: window }]);
  if (!ceiling.ok) {
    // The password was not tried: the client's own budget is given back.
    await refundRateLimit(db, client.buckets);
    return rateLimited(ceiling.retryAfterSeconds);
  }
  const result = await signInWithPassword(db, {
    email: attempt.email,
    password: attempt.password,
    contactSecret: settings.CONTACT_HMAC_SECRET,
  });
  if (result.ok) await refundRateLimit(db, [...client.buckets, ...ceiling.buckets]);
  return result;
}
