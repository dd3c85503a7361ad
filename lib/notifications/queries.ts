// What the customer sees of the outbox: their notifications, newest first, and the unread
// count for the header's badge. Always filtered by the signed-in user's id.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import type { TurnDoing } from "@/lib/drops/words";

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  /** The order it is about, when there is one (links to the order page). */
  orderId: string | null;
  /** Back in stock: the product and when the unit reserved for the customer is held until. */
  reserved: { productTitle: string; until: Date } | null;
  /** A drop's line let the customer in: for what, until when, and where to buy or claim. */
  turn: { subject: string; until: Date; link: string; doing: TurnDoing } | null;
  createdAt: Date;
  read: boolean;
}

const notificationRowSchema = z.object({
  id: col.text,
  kind: col.text,
  title: col.text,
  body: col.text,
  order_id: col.nullableText,
  reserved_title: col.nullableText,
  reserved_until: col.nullableTime,
  turn_subject: col.nullableText,
  turn_until: col.nullableTime,
  turn_link: col.nullableText,
  turn_doing: z.enum(["buy", "claim"]).nullable(),
  created_at: col.time,
  read: col.bool,
});

export async function listNotifications(tx: Tx, userId: string, limit = 100): Promise<NotificationView[]> {
  const rows = await sqlRows(
    tx,
    notificationRowSchema,
    Prisma.sql`
    SELECT id::text, kind, title, body, payload->>'orderId' AS order_id,
           CASE WHEN kind = 'back-in-stock' THEN payload->>'productTitle' END AS reserved_title,
           CASE WHEN kind = 'back-in-stock' THEN (payload->>'expiresAt')::timestamptz END AS reserved_until,
           CASE WHEN kind = 'drop-turn' THEN payload->>'subject' END AS turn_subject,
           CASE WHEN kind = 'drop-turn' THEN (payload->>'until')::timestamptz END AS turn_until,
           CASE WHEN kind = 'drop-turn' THEN payload->>'link' END AS turn_link,
           CASE WHEN kind = 'drop-turn' THEN payload->>'doing' END AS turn_doing,
           created_at, read_at IS NOT NULL AS read
      FROM notifications
     WHERE user_id = ${userId}::uuid
     ORDER BY created_at DESC, id DESC
     LIMIT ${limit}`,
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    orderId: row.order_id,
    reserved: row.reserved_title && row.reserved_until ? { productTitle: row.reserved_title, until: row.reserved_until } : null,
    turn:
      row.turn_subject && row.turn_until && row.turn_link && row.turn_doing
        ? { subject: row.turn_subject, until: row.turn_until, link: row.turn_link, doing: row.turn_doing }
        : null,
    createdAt: row.created_at,
    read: row.read,
  }));
}

export async function countUnreadNotifications(tx: Tx, userId: string): Promise<number> {
  const rows = await sqlRows(
    tx,
    z.object({ unread: col.int }),
    Prisma.sql`
    SELECT COUNT(*)::int AS unread FROM notifications WHERE user_id = ${userId}::uuid AND read_at IS NULL`,
  );
  return rows[0]?.unread ?? 0;
}
