// Creating an account (I7): the user row and both contact claims in one statement inside
// one transaction. Two sign-ups racing for the same email meet at the claim's primary key:
// the second waits for the first to commit, its claim is skipped, and its transaction rolls
// back, user row and any other claim with it. A failed sign-up leaves nothing behind.
import { z } from "zod";
import { contactDigest, contactDigestHex } from "./contact-claims";
import { hashPassword } from "./passwords";
import { consumeRateLimit, tooManyAttemptsMessage } from "./rate-limit";
import { signUpSchema, type SignUpFieldErrors, type SignUpInput } from "./sign-up-schema";
import { env } from "../env";
import type { Db, Tx } from "../prisma";
import { Prisma } from "../prisma";

export type SignUpResult =
  | { ok: true; userId: string; email: string; phone: string }
  | { ok: false; message: string; fieldErrors: SignUpFieldErrors };

export const EMAIL_TAKEN = "This email is already registered.";
export const PHONE_TAKEN = "This phone number is already registered.";

export interface SignUpOptions {
  /** The HMAC key of contact claims; the configured CONTACT_HMAC_SECRET by default. */
  contactSecret?: string;
}

/** Thrown inside the transaction only to roll it back; signUp turns it into a result. */
class ContactsTaken extends Error {
  constructor(readonly fieldErrors: SignUpFieldErrors) {
    super("contacts already claimed");
  }
}

/**
 * Signs a customer up. With a client, runs its own transaction; with a caller's transaction,
 * joins it and undoes its own work through a savepoint when a contact is taken.
 */
export async function signUp(client: Db | Tx, input: SignUpInput, options: SignUpOptions = {}): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, message: "Please correct the marked fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const data = parsed.data;
  const secret = options.contactSecret ?? env().CONTACT_HMAC_SECRET;
  // The slow hash (~50 ms, 19 MiB) runs before the transaction, so no connection or claim
  // waits on it.
  const passwordHash = await hashPassword(data.password);
  const account = {
    ...data,
    passwordHash,
    emailDigest: contactDigest(secret, "EMAIL", data.email),
    phoneDigest: contactDigest(secret, "PHONE", data.phone),
  };

  try {
    const userId =
      "$transaction" in client
        ? await client.$transaction((tx) => createAccount(tx, account))
        : await withSavepoint(client, () => createAccount(client, account));
    return { ok: true, userId, email: data.email, phone: data.phone };
  } catch (error) {
    if (error instanceof ContactsTaken) {
      return { ok: false, message: "Please correct the marked fields.", fieldErrors: error.fieldErrors };
    }
    throw error;
  }
}

/**
 * Sign-up as the form does it: malformed input is answered without touching the database;
 * otherwise the attempt counts against the client's address and against each contact, and
 * only within those limits is the account created.
 */
export async function signUpWithLimits(client: Db, input: SignUpInput, ip: string): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, message: "Please correct the marked fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const settings = env();
  const secret = settings.CONTACT_HMAC_SECRET;
  const windowMs = settings.RATE_LIMIT_WINDOW;
  const perContact = settings.SIGN_UP_LIMIT_PER_CONTACT;
  const limit = await consumeRateLimit(client, [
    { key: `sign-up:ip:${ip}`, limit: settings.SIGN_UP_LIMIT_PER_IP, windowMs },
    { key: `sign-up:email:${contactDigestHex(secret, "EMAIL", parsed.data.email)}`, limit: perContact, windowMs },
    { key: `sign-up:phone:${contactDigestHex(secret, "PHONE", parsed.data.phone)}`, limit: perContact, windowMs },
  ]);
  if (!limit.ok) {
    return { ok: false, message: tooManyAttemptsMessage("sign-up", limit.retryAfterSeconds), fieldErrors: {} };
  }
  return signUp(client, input, { contactSecret: secret });
}

interface NewAccount {
  name: string;
  email: string;
  phone: string;
  passwordHash: string;
  emailDigest: Uint8Array<ArrayBuffer>;
  phoneDigest: Uint8Array<ArrayBuffer>;
}

async function createAccount(tx: Tx, account: NewAccount): Promise<string> {
  // Claims go in a fixed order (email, then phone) in every sign-up, so two sign-ups that
  // share both contacts queue on the first and can never deadlock.
  const rows = await tx.$queryRaw<{ user_id: string; claimed: string[] }[]>(Prisma.sql`
    WITH new_user AS (
      INSERT INTO users (id, name, email, phone, password_hash)
      VALUES (gen_random_uuid(), ${account.name}, ${account.email}, ${account.phone}, ${account.passwordHash})
      RETURNING id
    ), claimed AS (
      INSERT INTO contact_claims (kind, digest, user_id)
      SELECT contact.kind, contact.digest, new_user.id
        FROM new_user,
             (VALUES (1, 'EMAIL'::contact_kind, ${account.emailDigest}::bytea),
                     (2, 'PHONE'::contact_kind, ${account.phoneDigest}::bytea)) AS contact(position, kind, digest)
       ORDER BY contact.position
      ON CONFLICT DO NOTHING
      RETURNING kind
    )
    SELECT (SELECT id::text FROM new_user) AS user_id, ARRAY(SELECT kind::text FROM claimed) AS claimed`);
  const row = rows[0];
  if (!row) throw new Error("sign-up statement returned no row");
  const fieldErrors: SignUpFieldErrors = {};
  if (!row.claimed.includes("EMAIL")) fieldErrors.email = [EMAIL_TAKEN];
  if (!row.claimed.includes("PHONE")) fieldErrors.phone = [PHONE_TAKEN];
  if (fieldErrors.email || fieldErrors.phone) throw new ContactsTaken(fieldErrors);
  return row.user_id;
}

async function withSavepoint<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  await tx.$executeRaw`SAVEPOINT sign_up`;
  try {
    const result = await work();
    await tx.$executeRaw`RELEASE SAVEPOINT sign_up`;
    return result;
  } catch (error) {
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT sign_up`;
    throw error;
  }
}
