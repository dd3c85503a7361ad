import "server-only";
import { contactDigest, contactDigestHex } from "./contact-claims";
import { normalizeEmail } from "./normalize";
import { verifyPassword } from "./passwords";
import { consumeRateLimit, refundRateLimit, tooManyAttemptsMessage } from "./rate-limit";
import { env } from "../env";
import { Prisma, type Tx } from "../prisma";

export type SignInResult = { ok: true; userId: string } | { ok: false; reason: "invalid" };

// A real hash to compare against when the email is unknown, so the answer takes as long
// either way and does not tell who has an account.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0vC3b3E0O1b4oS8xGzWzC4eB3zH9m0v0a5E5nq2nQ0M";

/**
 * Checks an email and password. The account is found through its email claim (the primary
 * key of contact_claims), the same index that keeps emails unique.
 */
export async function signInWithPassword(
  tx: Tx,
  email: string,
  password: string,
  contactSecret: string = env().CONTACT_HMAC_SECRET,
): Promise<SignInResult> {
  const digest = contactDigest(contactSecret, "EMAIL", normalizeEmail(email));
  const rows = await tx.$queryRaw<{ id: string; password_hash: string }[]>(Prisma.sql`
    SELECT u.id::text AS id, u.password_hash
      FROM contact_claims c JOIN users u ON u.id = c.user_id
     WHERE c.kind = 'EMAIL' AND c.digest = ${digest}::bytea`);
  const user = rows[0];
  const valid = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  return user && valid ? { ok: true, userId: user.id } : { ok: false, reason: "invalid" };
}

export type SignInAttemptResult =
  | SignInResult
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number; message: string };

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
 */
export async function attemptSignIn(tx: Tx, attempt: SignInAttempt): Promise<SignInAttemptResult> {
  const settings = env();
  const account = contactDigestHex(settings.CONTACT_HMAC_SECRET, "EMAIL", normalizeEmail(attempt.email));
  const limit = await consumeRateLimit(tx, [
    { key: `sign-in:ip:${attempt.ip}`, limit: settings.SIGN_IN_LIMIT_PER_IP, windowMs: settings.RATE_LIMIT_WINDOW },
    { key: `sign-in:account:${account}`, limit: settings.SIGN_IN_LIMIT_PER_ACCOUNT, windowMs: settings.RATE_LIMIT_WINDOW },
  ]);
  if (!limit.ok) {
    const message = tooManyAttemptsMessage("sign-in", limit.retryAfterSeconds);
    return { ok: false, reason: "rate-limited", retryAfterSeconds: limit.retryAfterSeconds, message };
  }
  const result = await signInWithPassword(tx, attempt.email, attempt.password);
  if (result.ok) await refundRateLimit(tx, limit.buckets);
  return result;
}
