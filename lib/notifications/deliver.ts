// Delivery of the outbox (I10), at least once. A batch is claimed by one statement that locks
// due rows with SKIP LOCKED and moves their next attempt a lease ahead, and it commits before
// anything is sent: two sweeps (or a sweep and a checkout's confirmation) never claim the same
// row, and a slow mail server holds no transaction, no pooled connection and no row lock (a
// customer's "mark as read" never waits for SMTP). Each outcome is then one UPDATE: delivered;
// refused for good (failed_at, never tried again); or failed for now, due again after 2, 4,
// 8 ... seconds, at most an hour. A sweep that dies between sending and recording leaves its
// rows to a later sweep once the lease runs out, which sends them again: "at least once".
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { DeliveryRefused, transport, type OutgoingNotification } from "@/lib/notifications/transport";
import { routes } from "@/lib/routes";
import type { SweepOptions } from "@/lib/steps/sweep";

const MAX_BACKOFF_SECONDS = 3_600;
/** A claimed row is not due again for this long: far longer than a batch may take (below). */
const CLAIM_LEASE_SECONDS = 600;
/** One sweep sends for at most this long; rows it claimed but did not reach are due again at once. */
const SEND_BUDGET_MS = 30_000;
/** Kept of a server's answer: enough to tell why, never a whole transcript. */
const MAX_ERROR_LENGTH = 500;

const claimedRow = z.object({
  id: col.text,
  userId: col.text,
  email: col.text,
  kind: col.text,
  title: col.text,
  body: col.text,
  attempts: col.int,
  link: col.nullableText,
  orderId: col.nullableText,
});
type ClaimedRow = z.infer<typeof claimedRow>;

/** Claims up to `limit` due rows matching `which` for this sender; committed on return. */
function claim(db: Db, which: Prisma.Sql, limit: number): Promise<ClaimedRow[]> {
  return sqlRows(
    db,
    claimedRow,
    Prisma.sql`
    WITH due AS (
      SELECT n.id FROM notifications n
       WHERE n.delivered_at IS NULL AND n.failed_at IS NULL AND n.next_attempt_at <= now() AND ${which}
       ORDER BY n.next_attempt_at
       LIMIT ${limit}
         FOR NO KEY UPDATE OF n SKIP LOCKED
    )
    UPDATE notifications n SET next_attempt_at = now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})
      FROM due, users u
     WHERE n.id = due.id AND u.id = n.user_id
    RETURNING n.id::text, n.user_id::text AS "userId", u.email, n.kind, n.title, n.body, n.attempts,
              n.payload->>'link' AS link, n.payload->>'orderId' AS "orderId"`,
  );
}

function outgoing(row: ClaimedRow): OutgoingNotification {
  // What the app's notification links to (NotificationList): the page it names, else the order.
  const link = row.link ?? (row.orderId ? routes.order(row.orderId) : null);
  return { id: row.id, userId: row.userId, email: row.email, kind: row.kind, title: row.title, body: row.body, link };
}

type Outcome = "delivered" | "failed" | "refused";

/** Sends one claimed row and records how it went. */
async function send(db: Db, row: ClaimedRow): Promise<Outcome> {
  try {
    await transport().send(outgoing(row));
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    if (error instanceof DeliveryRefused) {
      console.error(`[notifications] delivery of ${row.id} refused for good (attempt ${row.attempts + 1}): ${reason}`);
      await db.$executeRaw(Prisma.sql`
        UPDATE notifications SET attempts = attempts + 1, failed_at = now(), last_error = ${reason}
         WHERE id = ${row.id}::uuid AND delivered_at IS NULL`);
      return "refused";
    }
    // 2, 4, 8 ... seconds, at most an hour.
    const backoff = Math.min(MAX_BACKOFF_SECONDS, 2 ** Math.min(row.attempts + 1, 12));
    console.error(`[notifications] delivery of ${row.id} failed (attempt ${row.attempts + 1}), again in ${backoff}s: ${reason}`);
    await db.$executeRaw(Prisma.sql`
      UPDATE notifications SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${backoff}), last_error = ${reason}
       WHERE id = ${row.id}::uuid AND delivered_at IS NULL`);
    return "failed";
  }
  await db.$executeRaw(Prisma.sql`
    UPDATE notifications SET delivered_at = now(), attempts = attempts + 1, last_error = NULL
     WHERE id = ${row.id}::uuid AND delivered_at IS NULL`);
  return "delivered";
}

/** Sends claimed rows in order until the deadline; the rest are handed back, due at once. */
async function sendAll(db: Db, rows: ClaimedRow[], deadline: number) {
  const counts = { delivered: 0, failed: 0, refused: 0 };
  let sent = 0;
  for (const row of rows) {
    if (Date.now() >= deadline) break;
    counts[await send(db, row)]++;
    sent++;
  }
  const unsent = rows.slice(sent).map((row) => row.id);
  if (unsent.length > 0)
    await db.$executeRaw(Prisma.sql`UPDATE notifications SET next_attempt_at = now() WHERE id = ANY(${unsent}::uuid[])`);
  return counts;
}

/**
 * Delivers one notification now (the checkout's confirmation, once its saga committed); true
 * when it went out now. Nothing happens when it is delivered already or a sweep has it.
 */
export async function deliverNotification(db: Db, dedupeKey: string): Promise<boolean> {
  const rows = await claim(db, Prisma.sql`n.dedupe_key = ${dedupeKey}`, 1);
  return (await sendAll(db, rows, Date.now() + SEND_BUDGET_MS)).delivered === 1;
}

/**
 * The delivery sweep: batches until the due rows or the time run out (at most maxBatches).
 * Its own loop rather than runSweep's, because a batch sends outside any transaction.
 */
export async function deliverNotifications(db: Db, options: SweepOptions) {
  const deadline = Date.now() + SEND_BUDGET_MS;
  const totals = { delivered: 0, failed: 0, refused: 0, batches: 0 };
  while (totals.batches < (options.maxBatches ?? 20) && Date.now() < deadline) {
    const rows = await claim(db, Prisma.sql`TRUE`, options.batchSize);
    const counts = await sendAll(db, rows, deadline);
    totals.batches++;
    totals.delivered += counts.delivered;
    totals.failed += counts.failed;
    totals.refused += counts.refused;
    if (rows.length < options.batchSize) break;
  }
  return totals;
}
