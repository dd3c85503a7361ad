// Many accounts at once, for the demo seed and test fixtures: passwords come already hashed
// (hash one password once, reuse it), and every contact is claimed exactly as sign-up does,
// so the I7 audit holds for seeded data too. All or nothing: a taken contact rolls the
// batch back and throws.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { contactDigestHex } from "@/lib/accounts/contact-claims";
import { normalizeEmail, normalizePhone } from "@/lib/accounts/normalize";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { env } from "@/lib/env";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";
import { attempt, runStep } from "@/lib/steps/run-step";

export interface AccountRow {
  id?: string;
  name: string;
  email: string;
  phone: string;
  passwordHash: string;
}

interface AccountClaims {
  id: string;
  name: string;
  email: string;
  phone: string;
  hash: string;
  emailHex: string;
  phoneHex: string;
}

type ClaimAccountsResult = Ok<{ ids: string[] }> | Refusal<"contact-taken", { unclaimed: number }>;

/** The step: every user row and both claims of each, in one statement; refuses when any contact is taken. */
async function claimAccounts(tx: Tx, rows: AccountClaims[]): Promise<ClaimAccountsResult> {
  const column = <K extends keyof AccountClaims>(key: K) => rows.map((row) => row[key]);
  const result = await sqlRows(
    tx,
    z.object({ claimed: col.bigint }),
    Prisma.sql`
    WITH new_users AS (
      INSERT INTO users (id, name, email, phone, password_hash)
      SELECT * FROM unnest(${column("id")}::uuid[], ${column("name")}::text[], ${column("email")}::text[],
                           ${column("phone")}::text[], ${column("hash")}::text[])
      ON CONFLICT DO NOTHING
      RETURNING id
    ), claimed AS (
      -- Claims only for the rows that went in: a contact another account has (users' unique
      -- indexes) leaves its row out, and its two claims count as unclaimed.
      INSERT INTO contact_claims (kind, digest, user_id)
      SELECT claim.kind::contact_kind, decode(claim.hex, 'hex'), claim.user_id
        FROM unnest(${column("id")}::uuid[], ${column("emailHex")}::text[], ${column("phoneHex")}::text[]) AS a(user_id, email_hex, phone_hex)
        JOIN new_users ON new_users.id = a.user_id
        CROSS JOIN LATERAL (VALUES ('EMAIL', a.email_hex, a.user_id), ('PHONE', a.phone_hex, a.user_id)) AS claim(kind, hex, user_id)
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT count(*) AS claimed FROM claimed`,
  );
  const unclaimed = rows.length * 2 - Number(result[0]?.claimed ?? 0);
  return unclaimed === 0 ? ok({ ids: column("id") }) : refuse("contact-taken", { unclaimed });
}

export async function insertAccounts(client: Db | Tx, accounts: AccountRow[], options: { contactSecret?: string } = {}): Promise<string[]> {
  if (accounts.length === 0) return [];
  const secret = options.contactSecret ?? env().CONTACT_HMAC_SECRET;
  const rows = accounts.map((account): AccountClaims => {
    const email = normalizeEmail(account.email);
    const phone = normalizePhone(account.phone);
    if (!phone) throw new Error(`not a valid phone number: ${account.phone}`);
    return {
      id: account.id ?? randomUUID(),
      name: account.name.trim(),
      email,
      phone,
      hash: account.passwordHash,
      emailHex: contactDigestHex(secret, "EMAIL", email),
      phoneHex: contactDigestHex(secret, "PHONE", phone),
    };
  });
  // A caller's transaction keeps its own work when this batch is refused (the savepoint).
  const result = isClient(client) ? await runStep(client, claimAccounts, rows) : await attempt(client, claimAccounts, rows);
  // Seeds and fixtures choose their contacts: a taken one is a bug in them, not an answer.
  if (!result.ok) throw new Error(`insertAccounts: ${result.unclaimed} contact(s) already registered or repeated`);
  return result.ids;
}

// A transaction client has no $transaction of its own at run time; the types do not say so.
function isClient(client: Db | Tx): client is Db {
  return "$transaction" in client;
}
