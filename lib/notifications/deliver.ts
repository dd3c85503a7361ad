// Delivery of the outbox (I10), at least once: a notification is marked delivered only after
// the transport accepted it; a failed attempt is retried with a growing delay. The sweep
// claims rows with SKIP LOCKED, so two sweeps (or a sweep and a checkout's NOTIFY step) never
// send the same row at the same moment; a crash between sending and marking sends it again,
// which is what "at least once" allows.
import { z } from "zod";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { transport, type OutgoingNotification } from "@/lib/notifications/transport";
import { ok, type Ok } from "@/lib/steps/result";
import { runSweep, type SweepOptions } from "@/lib/steps/sweep";

const MAX_BACKOFF_SECONDS = 3_600;

const claimedRow = z.object({
  id: col.text,
  userId: col.text,
  email: col.text,
  kind: col.text,
  title: col.text,
  body: col.text,
  attempts: col.int,
});
type ClaimedRow = z.infer<typeof claimedRow> & OutgoingNotification;

async function send(tx: Tx, rows: ClaimedRow[]): Promise<{ delivered: number; failed: number }> {
  let delivered = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      await transport().send(row);
      await tx.$executeRaw(Prisma.sql`
        UPDATE notifications SET delivered_at = now(), attempts = attempts + 1 WHERE id = ${row.id}::uuid`);
      delivered++;
    } catch (error) {
      // 2, 4, 8 ... seconds, at most an hour.
      const backoff = Math.min(MAX_BACKOFF_SECONDS, 2 ** Math.min(row.attempts + 1, 12));
      console.error(`[notifications] delivery of ${row.id} failed (attempt ${row.attempts + 1})`, error);
      await tx.$executeRaw(Prisma.sql`
        UPDATE notifications SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${backoff})
         WHERE id = ${row.id}::uuid`);
      failed++;
    }
  }
  return { delivered, failed };
}

const CLAIM_COLUMNS = Prisma.sql`n.id::text, n.user_id::text AS "userId", u.email, n.kind, n.title, n.body, n.attempts`;

/** Delivers one notification now (the checkout's NOTIFY step); true when it is delivered (now or before). */
export async function deliverNotification(tx: Tx, dedupeKey: string): Promise<boolean> {
  const rows = await sqlRows(
    tx,
    claimedRow,
    Prisma.sql`
    SELECT ${CLAIM_COLUMNS} FROM notifications n JOIN users u ON u.id = n.user_id
     WHERE n.dedupe_key = ${dedupeKey} AND n.delivered_at IS NULL
       FOR NO KEY UPDATE OF n SKIP LOCKED`,
  );
  if (rows.length === 0) return true;
  return (await send(tx, rows)).delivered === rows.length;
}

/** One batch of the delivery sweep. */
export async function deliverBatch(
  tx: Tx,
  input: { batchSize: number },
): Promise<Ok<{ claimed: number; delivered: number; failed: number }>> {
  const rows = await sqlRows(
    tx,
    claimedRow,
    Prisma.sql`
    SELECT ${CLAIM_COLUMNS} FROM notifications n JOIN users u ON u.id = n.user_id
     WHERE n.delivered_at IS NULL AND n.next_attempt_at <= now()
     ORDER BY n.next_attempt_at
     LIMIT ${input.batchSize}
       FOR NO KEY UPDATE OF n SKIP LOCKED`,
  );
  const sent = await send(tx, rows);
  return ok({ claimed: rows.length, ...sent });
}

export function deliverNotifications(db: Db, options: SweepOptions) {
  return runSweep(db, deliverBatch, options);
}
