// The simulator's stand-in for a bank's 3-D Secure page: the customer whose order a payment
// belongs to completes or fails the check. Real banks run their own page (Stripe sends the
// customer there and back); this exists only while payments go to the simulator.
import { z } from "zod";
import type { Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { ok, refuse, type Refusal } from "@/lib/steps/result";

export const bankCheckSchema = z.object({
  intentId: z.string().regex(/^pi_[A-Za-z0-9]{1,64}$/, "Unknown payment."),
  answer: z.enum(["complete", "fail"], "Choose to complete or fail the check."),
});

export interface BankCheckView {
  intentId: string;
  orderId: string;
  amountCents: number;
  currency: string;
}

/** The payment waiting on the bank's check, if it is the customer's own; null otherwise (as if missing). */
export async function findBankCheck(db: Db, userId: string, intentId: string): Promise<BankCheckView | null> {
  const [row] = await sqlRows(
    db,
    z.object({ order_id: col.text, amount_cents: col.int, currency: col.text }),
    Prisma.sql`
    SELECT p.order_id::text, p.amount_cents, o.currency
      FROM payments p JOIN orders o ON o.id = p.order_id
     WHERE p.provider_ref = ${intentId} AND o.user_id = ${userId}::uuid AND p.status = 'REQUIRES_ACTION'`,
  );
  return row ? { intentId, orderId: row.order_id, amountCents: row.amount_cents, currency: row.currency } : null;
}

export type BankCheckResult = { ok: true; orderId: string } | Refusal<"not-found" | "not-waiting">;

/** The simulated bank: the process's own simulator, or the shared simulator server over HTTP. */
export interface BankChallenges {
  /** Null (or a promise of null) when no such payment waits for the check. */
  answerChallenge(intentId: string, passed: boolean): { returnUrl: string | null } | null | Promise<{ returnUrl: string | null } | null>;
}

/** The customer's answer to the simulated check; the simulator then tells the shop by webhook, as Stripe would. */
export async function answerBankCheck(
  db: Db,
  simulator: BankChallenges,
  input: { userId: string; intentId: string; passed: boolean },
): Promise<BankCheckResult> {
  const check = await findBankCheck(db, input.userId, input.intentId);
  if (!check) return refuse("not-found");
  if (!(await simulator.answerChallenge(input.intentId, input.passed))) return refuse("not-waiting");
  return ok({ orderId: check.orderId });
}
