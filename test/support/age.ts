// Time travel for the tests: rows are created with long TTLs and then aged with an UPDATE, so a
// deadline has certainly passed when the test looks, however slowly a busy machine placed
// them. Sleeping through a one-second TTL raced the test's own setup: on a loaded machine
// the first rows lapsed (and were tidied lazily) while the last were still being written.
// Timestamps are set by the database clock, the one every expiry check compares against.
import type { Db, Prisma } from "@/lib/db/prisma";

const LAPSED = "1 second";

/**
 * Makes the ACTIVE holds matching `where` lapse (expires_at a second ago) without touching
 * their status: exactly what a hold whose TTL ran out looks like before any sweep has run.
 * Returns how many holds were aged.
 */
export async function expireHolds(db: Db, where: Prisma.HoldWhereInput): Promise<number> {
  const holds = await db.hold.findMany({ where: { AND: [where, { status: "ACTIVE" }] }, select: { id: true } });
  const ids = holds.map((hold) => hold.id);
  if (ids.length === 0) return 0;
  return db.$executeRaw`
    UPDATE holds SET expires_at = now() - ${LAPSED}::interval WHERE id = ANY(${ids}::uuid[]) AND status = 'ACTIVE'`;
}

/**
 * Puts unpaid orders past their payment deadline, together with their ACTIVE holds (an
 * order's holds last until its deadline, so both move as placing the order set them).
 */
export async function makeOverdue(db: Db, orderIds: string | string[]): Promise<void> {
  const ids = typeof orderIds === "string" ? [orderIds] : orderIds;
  await db.$transaction([
    db.$executeRaw`
      UPDATE orders SET payment_deadline = now() - ${LAPSED}::interval
       WHERE id = ANY(${ids}::uuid[]) AND status = 'PENDING_PAYMENT'`,
    db.$executeRaw`
      UPDATE holds SET expires_at = now() - ${LAPSED}::interval
       WHERE order_id = ANY(${ids}::uuid[]) AND status = 'ACTIVE'`,
  ]);
}
