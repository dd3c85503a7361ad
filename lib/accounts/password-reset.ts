// "Forgot your password?": a single-use link, delivered through the notification outbox.
//
// The link carries a random 32-byte token; the database keeps only its SHA-256, so a copy of
// password_resets opens no account. Asking for a link answers the same whether or not the
// email has an account (no enumeration), and every request counts against the client's and
// the email's limits before anything is looked up. A new link replaces the user's earlier
// unused ones (they are expired on the spot and their notification's link is blanked), so only
// the newest message works. Using a link is one guarded UPDATE: of any number of concurrent
// uses exactly one finds the row still unused, and that one sets the password and ends every
// session in the same transaction.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { contactDigest, contactDigestHex } from "@/lib/accounts/contact-claims";
import { passwordMentions, passwordWeakness } from "@/lib/accounts/password-policy";
import { hashPassword } from "@/lib/accounts/passwords";
import { consumeRateLimit } from "@/lib/accounts/rate-limit";
import { emailField } from "@/lib/accounts/schemas";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";
import { env } from "@/lib/env";
import { notificationTemplate, notify } from "@/lib/notifications/outbox";
import { routes } from "@/lib/routes";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";
import { runStep } from "@/lib/steps/run-step";

/** How long a link works; the forgot-password page and the message say "30 minutes". */
export const RESET_LINK_TTL_MS = 30 * 60 * 1000;

// 32 random bytes in base64url, unpadded: 43 characters.
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({
    // Any string: a malformed token is answered like an unknown one ("link-invalid").
    token: z.string().max(200).default(""),
    password: z.string().superRefine((password, ctx) => {
      const weakness = passwordWeakness(password);
      if (weakness) ctx.addIssue({ code: "custom", message: weakness });
    }),
    confirm: z.string(),
  })
  .superRefine((value, ctx) => {
    if (value.confirm !== value.password)
      ctx.addIssue({ code: "custom", path: ["confirm"], message: "The two passwords differ. Type the same one twice." });
  });

export type ResetPasswordField = keyof z.input<typeof resetPasswordSchema>;

export function newResetToken(): string {
  return randomBytes(32).toString("base64url");
}

export function resetTokenDigest(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(token).digest());
}

/** The link in the message: absolute on the public URL when it is known, else relative. */
export function resetLink(token: string, origin?: string): string {
  const path = routes.resetPassword(token);
  return origin ? new URL(path, origin).toString() : path;
}

function resetMessage(link: string): string {
  return (
    "Someone, hopefully you, asked to reset the password of your account. " +
    `Open this link within 30 minutes to choose a new one:\n${link}\n` +
    "If it was not you, ignore this message: your password stays as it is."
  );
}

// What a used or replaced link's notification says instead, so the outbox keeps no live token.
const SPENT_BODY = notificationTemplate("password-reset").body;

export interface IssueResetInput {
  /** Normalised email (forgotPasswordSchema). */
  email: string;
  token: string;
  ttlMs: number;
  /** The HMAC key of contact claims. */
  contactSecret: string;
  /** The site's public origin (NEXTAUTH_URL), for an absolute link. */
  origin?: string | undefined;
}

/**
 * The step: when the email has an account, a new link (replacing its earlier unused ones) and
 * its notification, in the caller's transaction. Answers the same `ok` either way: the result
 * cannot tell anyone whether the account exists.
 */
export async function issuePasswordReset(tx: Tx, input: IssueResetInput): Promise<Ok> {
  const digest = contactDigest(input.contactSecret, "EMAIL", input.email);
  const issued = await sqlRow(
    tx,
    z.object({ id: col.text, user_id: col.text }),
    Prisma.sql`
    WITH account AS (
      SELECT user_id FROM contact_claims WHERE kind = 'EMAIL' AND digest = ${digest}::bytea
    ), replaced AS (
      UPDATE password_resets p SET expires_at = now()
        FROM account
       WHERE p.user_id = account.user_id AND p.used_at IS NULL AND p.expires_at > now()
      RETURNING p.id
    ), blanked AS (
      UPDATE notifications n SET body = ${SPENT_BODY}
        FROM replaced
       WHERE n.dedupe_key = 'password-reset:' || replaced.id::text
    )
    INSERT INTO password_resets (id, user_id, token_hash, expires_at)
    SELECT gen_random_uuid(), account.user_id, ${resetTokenDigest(input.token)}::bytea,
           now() + make_interval(secs => ${input.ttlMs / 1000})
      FROM account
    RETURNING id::text, user_id::text`,
  );
  if (issued) {
    await notify(tx, {
      userId: issued.user_id,
      kind: "password-reset",
      dedupeKey: issued.id,
      body: resetMessage(resetLink(input.token, input.origin)),
      payload: { passwordResetId: issued.id },
    });
  }
  return ok();
}

export type PasswordResetRequestResult = Ok | Refusal<"rate-limited", { retryAfterSeconds: number }>;

export interface PasswordResetLimits {
  perIp: number;
  perContact: number;
  windowMs: number;
}

export function passwordResetLimits(): PasswordResetLimits {
  const settings = env();
  return {
    perIp: settings.PASSWORD_RESET_LIMIT_PER_IP,
    perContact: settings.PASSWORD_RESET_LIMIT_PER_CONTACT,
    windowMs: settings.RATE_LIMIT_WINDOW,
  };
}

/**
 * "Forgot your password?" as the form asks it. The request counts against the client's address
 * and the email before anything else, and commits on its own, so a refused request counts too.
 */
export async function requestPasswordReset(
  db: Db,
  input: { email: string },
  ip: string,
  limits: PasswordResetLimits = passwordResetLimits(),
): Promise<PasswordResetRequestResult> {
  const settings = env();
  const { windowMs } = limits;
  const limit = await consumeRateLimit(db, [
    { key: `password-reset:ip:${ip}`, limit: limits.perIp, windowMs },
    {
      key: `password-reset:email:${contactDigestHex(settings.CONTACT_HMAC_SECRET, "EMAIL", input.email)}`,
      limit: limits.perContact,
      windowMs,
    },
  ]);
  if (!limit.ok) return refuse("rate-limited", { retryAfterSeconds: limit.retryAfterSeconds });
  return runStep(db, issuePasswordReset, {
    email: input.email,
    token: newResetToken(),
    ttlMs: RESET_LINK_TTL_MS,
    contactSecret: settings.CONTACT_HMAC_SECRET,
    origin: settings.NEXTAUTH_URL,
  });
}

const liveLink = z.object({ name: col.text, email: col.text });

/** The account a link would reset, while it is unused and unexpired; null otherwise. */
async function findLiveLink(tx: Tx, token: string): Promise<z.infer<typeof liveLink> | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  return sqlRow(
    tx,
    liveLink,
    Prisma.sql`
    SELECT u.name, u.email
      FROM password_resets p JOIN users u ON u.id = p.user_id
     WHERE p.token_hash = ${resetTokenDigest(token)}::bytea AND p.used_at IS NULL AND p.expires_at > now()`,
  );
}

/** Whether the reset page should offer the form (the answer on submit is what counts). */
export async function isResetLinkLive(tx: Tx, token: string): Promise<boolean> {
  return (await findLiveLink(tx, token)) !== null;
}

export type UseResetResult = Ok<{ userId: string }> | Refusal<"link-invalid">;

/**
 * The step: spends the link (one statement; of concurrent uses only one gets its row), then
 * sets the password, bumps the session epoch (every session signed in before ends, see
 * lib/auth/session-epoch.ts), expires the user's other unused links and blanks the spent
 * links' messages, all in the same transaction.
 */
export async function usePasswordReset(
  tx: Tx,
  input: { tokenHash: Uint8Array<ArrayBuffer>; passwordHash: string },
): Promise<UseResetResult> {
  const spent = await sqlRow(
    tx,
    z.object({ id: col.text, user_id: col.text }),
    Prisma.sql`
    UPDATE password_resets SET used_at = now()
     WHERE token_hash = ${input.tokenHash}::bytea AND used_at IS NULL AND expires_at > now()
    RETURNING id::text, user_id::text`,
  );
  if (!spent) return refuse("link-invalid");
  await tx.$executeRaw(Prisma.sql`
    WITH account AS (
      UPDATE users SET password_hash = ${input.passwordHash}, session_epoch = session_epoch + 1
       WHERE id = ${spent.user_id}::uuid
    ), others AS (
      UPDATE password_resets SET expires_at = now()
       WHERE user_id = ${spent.user_id}::uuid AND used_at IS NULL AND expires_at > now()
      RETURNING id
    )
    UPDATE notifications SET body = ${SPENT_BODY}
     WHERE dedupe_key = ${`password-reset:${spent.id}`}
        OR dedupe_key IN (SELECT 'password-reset:' || id::text FROM others)`);
  return ok({ userId: spent.user_id });
}

export type ResetPasswordResult = UseResetResult | Refusal<"password-personal">;

/**
 * Setting a new password from a link. The link is looked up first so that a dead link is
 * answered before the slow hash and a password naming the account's owner is refused; the
 * argon2 hash (~50 ms) is made outside the transaction; the step then decides.
 */
export async function resetPassword(db: Db, input: { token: string; password: string }): Promise<ResetPasswordResult> {
  const link = await findLiveLink(db, input.token);
  if (!link) return refuse("link-invalid");
  if (passwordMentions(input.password, [link.name, link.email])) return refuse("password-personal");
  const passwordHash = await hashPassword(input.password);
  return runStep(db, usePasswordReset, { tokenHash: resetTokenDigest(input.token), passwordHash });
}
