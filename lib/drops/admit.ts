// Admission (I12): the next places of a drop's line, in place order, at the drop's rate and
// within its cap, by one SQL function (prisma/sql/admit_drop.sql) that any instance may run at
// any time. Run by the admit-drops sweep, by a join after the start, and by the place route
// when a batch is due, so the line moves even between cron runs. Everyone admitted hears it
// (the outbox, in the same transaction); their admission ends after the drop's admission time,
// or when they buy (endAdmissionsOnPurchase) or claim their coupon.
import { z } from "zod";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRow, sqlRows } from "@/lib/db/rows";
import { turnWords, type TurnDoing } from "@/lib/drops/words";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";
import { notificationTemplate } from "@/lib/notifications/outbox";
import { routes } from "@/lib/routes";
import { ok } from "@/lib/steps/result";
import { inTransaction } from "@/lib/steps/run-step";

const admittedRow = z.object({ user_id: col.text, place: col.int, admission_ends_at: col.time });

/** "Running Shoe" (a flash sale's product) or the campaign's name, and where to buy or claim it. */
async function dropSubject(tx: Tx, dropId: string): Promise<{ title: string; link: string; doing: TurnDoing }> {
  const row = await sqlRow(
    tx,
    z.object({ product: col.nullableText, slug: col.nullableText, campaign: col.nullableText, campaign_id: col.nullableText }),
    Prisma.sql`
    SELECT ${PRODUCT_DISPLAY_NAME} AS product, p.slug, c.name AS campaign, c.id::text AS campaign_id
      FROM drops d
      LEFT JOIN listings l ON l.id = d.listing_id
      LEFT JOIN products p ON p.id = l.product_id
      LEFT JOIN coupon_campaigns c ON c.id = d.campaign_id
     WHERE d.id = ${dropId}::uuid`,
  );
  if (row?.product && row.slug) return { title: row.product, link: routes.product(row.slug), doing: "buy" };
  if (row?.campaign && row.campaign_id) return { title: row.campaign, link: routes.campaign(row.campaign_id), doing: "claim" };
  throw new Error(`drop ${dropId} has neither a listing nor a campaign`);
}

const utcClock = new Intl.DateTimeFormat("en-IE", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/** One admission batch of the drop, with a notification for each shopper admitted; how many were admitted. */
export async function admitDrop(db: Db, dropId: string): Promise<number> {
  const result = await inTransaction(db, async (tx) => {
    const admitted = await sqlRows(
      tx,
      admittedRow,
      Prisma.sql`SELECT user_id::text, place, admission_ends_at FROM admit_drop(${dropId}::uuid)`,
    );
    if (admitted.length === 0) return ok({ admitted: 0 });
    const subject = await dropSubject(tx, dropId);
    const words = turnWords(subject.title, subject.doing);
    const { title } = notificationTemplate("drop-turn");
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO notifications (id, user_id, kind, title, body, dedupe_key, payload)
      SELECT gen_random_uuid(), a.user_id, 'drop-turn', ${title}, a.body, 'drop-turn:' || ${dropId} || ':' || a.user_id::text,
             jsonb_build_object('dropId', ${dropId}::text, 'subject', ${subject.title}::text, 'link', ${subject.link}::text, 'doing', ${subject.doing}::text, 'until', a.until)
        FROM unnest(${admitted.map((row) => row.user_id)}::uuid[],
                    ${admitted.map((row) => `${words.before}${utcClock.format(row.admission_ends_at)} UTC${words.after}`)}::text[],
                    ${admitted.map((row) => row.admission_ends_at.toISOString())}::text[]) AS a(user_id, body, until)
      ON CONFLICT (dedupe_key) DO NOTHING`);
    return ok({ admitted: admitted.length });
  });
  return result.admitted;
}

export interface DropSweepResult {
  /** Drops that let someone in. */
  drops: number;
  admitted: number;
}

/**
 * The admit-drops sweep: every drop that has started and not ended, with someone still to
 * number or to admit. Each is one admission batch; a drop another instance is admitting right
 * now is skipped (its advisory lock), and the next run, poll or join moves it on.
 */
export async function sweepDrops(db: Db): Promise<DropSweepResult> {
  const due = await sqlRows(
    db,
    z.object({ id: col.text }),
    Prisma.sql`
    SELECT d.id::text FROM drops d
     WHERE d.starts_at <= now() AND now() < drop_ends_at(d.id)
       AND (d.shuffled_at IS NULL OR d.last_place > d.admitted_through)
     ORDER BY d.starts_at`,
  );
  let admitted = 0;
  let drops = 0;
  for (const drop of due) {
    const batch = await admitDrop(db, drop.id);
    admitted += batch;
    if (batch > 0) drops += 1;
  }
  return { drops, admitted };
}

/**
 * The customer paid (the checkout saga's CONFIRM, same transaction): the live admissions that
 * let them buy these listings are used up, and their room goes to the next in line.
 */
export async function endAdmissionsOnPurchase(tx: Tx, input: { orderId: string; userId: string }): Promise<number> {
  return tx.$executeRaw(Prisma.sql`
    UPDATE drop_places p SET ended_at = now(), end_reason = 'purchased'
      FROM drops d
     WHERE p.drop_id = d.id AND p.user_id = ${input.userId}::uuid
       AND d.listing_id IN (SELECT listing_id FROM order_items WHERE order_id = ${input.orderId}::uuid)
       AND p.admitted_at IS NOT NULL AND p.ended_at IS NULL AND p.admission_ends_at > now()`);
}
