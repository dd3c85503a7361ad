// Many accounts at once, for the demo seed and test fixtures: passwords come already hashed
// (hash one password once, reuse it), and every contact is claimed exactly as sign-up does,
// so the I7 audit holds for seeded data too. All or nothing: a taken contact throws.
import { randomUUID } from "node:crypto";
import { contactDigest } from "./contact-claims";
import { normalizeEmail, normalizePhone } from "./normalize";
import { env } from "../env";
import { Prisma, type Db, type Tx } from "../prisma";

export interface AccountRow {
  id?: string;
  name: string;
  email: string;
  phone: string;
  passwordHash: string;
}

export async function insertAccounts(
  client: Db | Tx,
  accounts: AccountRow[],
  options: { contactSecret?: string } = {},
): Promise<string[]> {
  if (accounts.length === 0) return [];
  const secret = options.contactSecret ?? env().CONTACT_HMAC_SECRET;
  const rows = accounts.map((account) => {
    const email = normalizeEmail(account.email);
    const phone = normalizePhone(account.phone);
    if (!phone) throw new Error(`not a valid phone number: ${account.phone}`);
    const hex = (kind: "EMAIL" | "PHONE", value: string) => Buffer.from(contactDigest(secret, kind, value)).toString("hex");
    return { id: account.id ?? randomUUID(), name: account.name.trim(), email, phone, hash: account.passwordHash, emailHex: hex("EMAIL", email), phoneHex: hex("PHONE", phone) };
  });
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key]);

  const insert = async (tx: Tx) => {
    const result = await tx.$queryRaw<{ claimed: bigint }[]>(Prisma.sql`
      WITH new_users AS (
        INSERT INTO users (id, name, email, phone, password_hash)
        SELECT * FROM unnest(${column("id")}::uuid[], ${column("name")}::text[], ${column("email")}::text[],
                             ${column("phone")}::text[], ${column("hash")}::text[])
        RETURNING id
      ), claimed AS (
        INSERT INTO contact_claims (kind, digest, user_id)
        SELECT claim.kind::contact_kind, decode(claim.hex, 'hex'), claim.user_id
          FROM unnest(${column("id")}::uuid[], ${column("emailHex")}::text[], ${column("phoneHex")}::text[]) AS a(user_id, email_hex, phone_hex)
          CROSS JOIN LATERAL (VALUES ('EMAIL', a.email_hex, a.user_id), ('PHONE', a.phone_hex, a.user_id)) AS claim(kind, hex, user_id)
         WHERE EXISTS (SELECT 1 FROM new_users)
        ON CONFLICT DO NOTHING
        RETURNING 1
      )
      SELECT count(*) AS claimed FROM claimed`);
    const claimed = Number(result[0]?.claimed ?? 0);
    if (claimed !== rows.length * 2) {
      throw new Error(`insertAccounts: ${rows.length * 2 - claimed} contact(s) already registered or repeated`);
    }
    return column("id");
  };
  return "$transaction" in client ? client.$transaction(insert) : insert(client);
}
