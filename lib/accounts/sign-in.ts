import "server-only";
import { normalizeEmail } from "./normalize";
import { verifyPassword } from "./passwords";
import type { Tx } from "../prisma";

export type SignInResult = { ok: true; userId: string } | { ok: false; reason: "invalid" };

// A real hash to compare against when the email is unknown, so the answer takes as long
// either way and does not tell who has an account.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0vC3b3E0O1b4oS8xGzWzC4eB3zH9m0v0a5E5nq2nQ0M";

export async function signInWithPassword(tx: Tx, email: string, password: string): Promise<SignInResult> {
  const user = await tx.user.findFirst({
    where: { email: normalizeEmail(email) },
    select: { id: true, passwordHash: true },
  });
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  return user && valid ? { ok: true, userId: user.id } : { ok: false, reason: "invalid" };
}
