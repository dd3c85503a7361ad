// Creating an account (I7): the user row and both contact claims in one statement inside
// one transaction. Two sign-ups racing for the same email meet at the claim's primary key:
// the second waits for the first to commit, its claim is skipped, and the step refuses, so
// the runner (or `attempt`, inside a caller's transaction) rolls back its user row and any
// other claim with it. A failed sign-up leaves nothing behind.
import { z } from "zod";
import { contactDigest, contactDigestHex } from "@/lib/accounts/contact-claims";
import { hashPassword } from "@/lib/accounts/passwords";
import { consumeRateLimit } from "@/lib/accounts/rate-limit";
import type { SignUpData } from "@/lib/accounts/schemas";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { env } from "@/lib/env";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";
import { runStep } from "@/lib/steps/run-step";

export type ContactField = "email" | "phone";

export type SignUpResult =
  | Ok<{ userId: string; email: string; phone: string }>
  /** `taken` lists each contact another account holds, email first. */
  | Refusal<"contact-taken", { taken: ContactField[] }>;

export type SignUpAttemptResult = SignUpResult | Refusal<"rate-limited", { retryAfterSeconds: number }>;

export interface SignUpOptions {
  /** The HMAC key of contact claims; the configured CONTACT_HMAC_SECRET by default. */
  contactSecret?: string;
}

/** A parsed sign-up with its password hashed and its contacts' claim keys computed. */
export interface NewAccount {
  name: string;
  email: string;
  phone: string;
  passwordHash: string;
  emailDigest: Uint8Array<ArrayBuffer>;
  phoneDigest: Uint8Array<ArrayBuffer>;
}

/**
 * The slow part of a sign-up (argon2, ~50 ms and 19 MiB), done before any transaction opens
 * so no connection or claim waits on it.
 */
export async function prepareAccount(data: SignUpData, options: SignUpOptions = {}): Promise<NewAccount> {
  const secret = options.contactSecret ?? env().CONTACT_HMAC_SECRET;
  return {
    name: data.name,
    email: data.email,
    phone: data.phone,
    passwordHash: await hashPassword(data.password),
    emailDigest: contactDigest(secret, "EMAIL", data.email),
    phoneDigest: contactDigest(secret, "PHONE", data.phone),
  };
}

/** The sign-up step: the account and its claims, or `contact-taken` (roll it back). */
export async function createAccount(tx: Tx, account: NewAccount): Promise<SignUpResult> {
  // Claims go in a fixed order (email, then phone) in every sign-up, so two sign-ups that
  // share both contacts queue on the first and can never deadlock.
  const rows = await sqlRows(
    tx,
    z.object({ user_id: col.nullableText, claimed: col.textArray }),
    Prisma.sql`
    WITH new_user AS (
      INSERT INTO users (id, name, email, phone, password_hash)
      VALUES (gen_random_uuid(), ${account.name}, ${account.email}, ${account.phone}, ${account.passwordHash})
      ON CONFLICT DO NOTHING
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
    SELECT (SELECT id::text FROM new_user) AS user_id, ARRAY(SELECT kind::text FROM claimed) AS claimed`,
  );
  const row = rows[0];
  if (!row) throw new Error("sign-up statement returned no row");
  if (row.user_id === null) return refuse("contact-taken", { taken: await takenByAccounts(tx, account) });
  const taken: ContactField[] = [];
  if (!row.claimed.includes("EMAIL")) taken.push("email");
  if (!row.claimed.includes("PHONE")) taken.push("phone");
  if (taken.length > 0) return refuse("contact-taken", { taken });
  return ok({ userId: row.user_id, email: account.email, phone: account.phone });
}

/**
 * Which contacts another account already has, asked when the users' unique indexes refused
 * the row although the claims did not (claims made under another CONTACT_HMAC_SECRET). A new
 * statement: under READ COMMITTED it sees the account whose commit the insert waited for.
 */
async function takenByAccounts(tx: Tx, account: NewAccount): Promise<ContactField[]> {
  const [row] = await sqlRows(
    tx,
    z.object({ email: col.bool, phone: col.bool }),
    Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM users WHERE email = ${account.email}) AS email,
           EXISTS (SELECT 1 FROM users WHERE phone = ${account.phone}) AS phone`,
  );
  const taken: ContactField[] = [];
  if (row?.email) taken.push("email");
  if (row?.phone) taken.push("phone");
  if (taken.length === 0) throw new Error("sign-up: the account row was refused, yet no account has its email or phone");
  return taken;
}

/** Signs a customer up in a transaction of its own, queueing for a connection like every contended step. */
export async function signUp(db: Db, data: SignUpData, options: SignUpOptions = {}): Promise<SignUpResult> {
  return runStep(db, createAccount, await prepareAccount(data, options));
}

/**
 * Sign-up as the form does it (with input its schema parsed): the attempt counts against the
 * client's address and against each contact, and only within those limits is the account
 * created. The count commits on its own, before the account's transaction, so a refused
 * sign-up still counts.
 */
export async function signUpWithLimits(db: Db, data: SignUpData, ip: string): Promise<SignUpAttemptResult> {
  const settings = env();
  const secret = settings.CONTACT_HMAC_SECRET;
  const windowMs = settings.RATE_LIMIT_WINDOW;
  const perContact = settings.SIGN_UP_LIMIT_PER_CONTACT;
  const limit = await consumeRateLimit(db, [
    { key: `sign-up:ip:${ip}`, limit: settings.SIGN_UP_LIMIT_PER_IP, windowMs },
    { key: `sign-up:email:${contactDigestHex(secret, "EMAIL", data.email)}`, limit: perContact, windowMs },
    { key: `sign-up:phone:${contactDigestHex(secret, "PHONE", data.phone)}`, limit: perContact, windowMs },
  ]);
  if (!limit.ok) return refuse("rate-limited", { retryAfterSeconds: limit.retryAfterSeconds });
  return signUp(db, data, { contactSecret: secret });
}
