// Session revocation. Sessions are JWTs (stateless, valid 30 days), so a copied token would
// outlive its sign-out. Each token records the user's session_epoch when it was issued; the
// per-request user read (getCurrentUser) refuses a token from an older epoch, and signing out
// (or changing the password) bumps the epoch, ending every token issued before.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

/** The epoch a new token is issued in. */
export async function currentSessionEpoch(tx: Tx, userId: string): Promise<number> {
  const rows = await sqlRows(
    tx,
    z.object({ session_epoch: col.int }),
    Prisma.sql`
    SELECT session_epoch FROM users WHERE id = ${userId}::uuid`,
  );
  return rows[0]?.session_epoch ?? 0;
}

/**
 * Ends every session of the user issued in `epoch` or before. Guarded by the epoch the
 * caller's token carries, so a stale token (already revoked) cannot sign out sessions made
 * since. Returns whether it bumped.
 */
export async function revokeSessions(tx: Tx, userId: string, epoch: number): Promise<boolean> {
  const bumped = await tx.$executeRaw(Prisma.sql`
    UPDATE users SET session_epoch = session_epoch + 1
     WHERE id = ${userId}::uuid AND session_epoch = ${epoch}`);
  return bumped > 0;
}

/** Tokens issued before revocation existed carry no epoch: they belong to epoch 0. */
export function tokenEpoch(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
}
