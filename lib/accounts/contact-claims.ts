// The contact-uniqueness service (I7). A claim is (kind, HMAC-SHA256(secret, normalised
// value)) -> user: 32 bytes a row, cheap to replicate to every region, one index probe to
// check, and meaningless to anyone who copies the table without the secret.
import { createHmac } from "node:crypto";
import type { ContactKind } from "@/lib/generated/prisma/enums";

/** The claim key of an already normalised contact (see normalize.ts). */
export function contactDigest(secret: string, kind: ContactKind, normalizedValue: string): Uint8Array<ArrayBuffer> {
  // The kind is hashed in as well, so one digest can never stand for an email and a phone.
  return new Uint8Array(createHmac("sha256", secret).update(`${kind}:${normalizedValue}`).digest());
}

/** Hex form, for keys that must not reveal the contact (rate-limit buckets). */
export function contactDigestHex(secret: string, kind: ContactKind, normalizedValue: string): string {
  return Buffer.from(contactDigest(secret, kind, normalizedValue)).toString("hex");
}
