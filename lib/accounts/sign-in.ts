import "server-only";
import { contactDigest, contactDigestHex } from "./contact-claims";
import { normalizeEmail } from "./normalize";
import { verifyPassword } from "./passwords";
import { consumeRateLimit, refundRateLimit } from "./rate-limit";
import { env } from "../env";
import { Prisma, type Db, type Tx } from "../prisma";
import { ok, refuse, type Ok, type Refusal } from "../steps/result";

export type SignInResult = Ok<{ userId: string }> | Refusal<"invalid">;

export interface PasswordCheck {
  email: string;
  password: string;
  /** The HMAC key of contact claims; the configured CONTACT_HMAC_SECRET by default. */
  contactSecret?: string;
}

// A real hash to compare against when the email is unknown, so the answer takes as long
// either way and does not tell who has an account.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0vC3b3E0O1b4oS8xGzWzC4eB3zH9m0v0a5E5nq2nQ0M";

/**
 * Checks an email and password (a read-only step). The account is found through its email
 * claim (the primary key of contact_claims), the same index that keeps emails unique. Given
 * the client rather than a transaction, the slow password check holds no connection.
 */
export async function signInWithPassword(tx: Tx, input: PasswordCheck): Promise<SignInResult> {
  const digest = contactDigest(input.contactSecret ?? env().CONTACT_HMAC_SECRET, "EMAIL", normalizeEmail(input.email));
  const rows = await tx.$queryRaw<{ id: string; password_hash: string }[]>(Prisma.sql`
    SELECT u.id::text AS id, u.password_hash
      FROM contact_claims c JOIN users u ON u.id = c.user_id
     WHERE c.kind = 'EMAIL' AND c.digest = ${digest}::bytea`);
  const user = rows[0];
  const valid = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  return user && valid ? ok({ userId: user.id }) : refuse("invalid");
}

export type SignInAttemptResult = SignInResult | Refusal<"rate-limited", { retryAfterSeconds: number }>;

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address as the edge saw it; "unknown" when there is none. */
  ip: string;
}

/**
 * Sign-in with abuse limits per address and per account. The attempt is counted before the
 * password is checked (so a burst of parallel guesses is cut off too) and refunded when it
 * succeeds: only failures use up the budget.
 *
 * Deliberately not one transaction through the step runner: the runner rolls a refusal back,
 * and a wrong password must stay counted. So the count commits on its own (one statement,
 * queueing on the pool like any query), the argon2 check (~50 ms) runs holding neither a
 * connection nor a counter's row lock, and a success refunds in one more statement.
 */
export async function attemptSignIn(db: Db, attempt: SignInAttempt): Promise<SignInAttemptResult> {
  const settings = env();
  const account = contactDigestHex(settings.CONTACT_HMAC_SECRET, "EMAIL", normalizeEmail(attempt.email));
  const limit = await consumeRateLimit(db, [
    { key: `sign-in:ip:${attempt.ip}`, limit: settings.SIGN_IN_LIMIT_PER_IP, windowMs: settings.RATE_LIMIT_WINDOW },
    { key: `sign-in:account:${account}`, limit: settings.SIGN_IN_LIMIT_PER_ACCOUNT, windowMs: settings.RATE_LIMIT_WINDOW },
  ]);
  if (!limit.ok) return refuse("rate-limited", { retryAfterSeconds: limit.retryAfterSeconds });
  const result = await signInWithPassword(db, { email: attempt.email, password: attempt.password, contactSecret: settings.CONTACT_HMAC_SECRET });
  if (result.ok) await refundRateLimit(db, limit.buckets);
  return result;
}
