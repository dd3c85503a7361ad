// Joining a drop's line (I12): one place per account, whichever tab, device or instance asks.
// The place is decided by one SQL function (prisma/sql/join_drop.sql): before the start it is
// left for the start's one shuffle, after it the next number in arrival order. Joining counts
// against the client's address like sign-in does, so a script cannot fill the line with
// throwaway accounts from one machine, and a join after the start may be admitted at once.
import { z } from "zod";
import { consumeRateLimit } from "@/lib/accounts/rate-limit";
import type { Db, Tx } from "@/lib/db/prisma";
import { Prisma } from "@/lib/db/prisma";
import { withRetry } from "@/lib/db/retry";
import { col, sqlRow } from "@/lib/db/rows";
import { admitDrop } from "@/lib/drops/admit";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";

export type JoinDropResult =
  | Ok<{ dropId: string; /** Null until the start's shuffle numbers the early joiners. */ place: number | null; joined: boolean }>
  | Refusal<"not-found" | "not-open" | "closed">;

const joinRow = z.object({ outcome: z.enum(["joined", "already", "not-found", "not-open", "closed"]), place: col.nullableInt });

/** One statement; a second join of the same account answers its place as it is (`joined: false`). */
export async function joinDrop(tx: Tx, input: { dropId: string; userId: string }): Promise<JoinDropResult> {
  const row = await sqlRow(tx, joinRow, Prisma.sql`SELECT outcome, place FROM join_drop(${input.dropId}::uuid, ${input.userId}::uuid)`);
  if (!row) throw new Error(`join_drop answered nothing for drop ${input.dropId}`);
  if (row.outcome === "joined" || row.outcome === "already") {
    return ok({ dropId: input.dropId, place: row.place, joined: row.outcome === "joined" });
  }
  return refuse(row.outcome);
}

export interface JoinLimits {
  /** The client's address (lib/auth/client-ip.ts). */
  ip: string;
  limitPerIp: number;
  windowMs: number;
}

/**
 * A join as the action makes it: the attempt counts first (in its own statement, so a refused
 * join still counts), then the join, then, for a join after the start, an admission batch on
 * the spot: a shopper who arrives at a short line is let in without waiting for the sweep.
 */
export async function runJoinDrop(
  db: Db,
  input: { dropId: string; userId: string },
  limits: JoinLimits,
): Promise<JoinDropResult | Refusal<"rate-limited", { retryAfterSeconds: number }>> {
  const limit = await consumeRateLimit(db, [{ key: `drop-join:ip:${limits.ip}`, limit: limits.limitPerIp, windowMs: limits.windowMs }]);
  if (!limit.ok) return refuse("rate-limited", { retryAfterSeconds: limit.retryAfterSeconds });
  const joined = await withRetry(() => joinDrop(db, input));
  if (joined.ok && joined.place !== null) await admitDrop(db, input.dropId);
  return joined;
}
