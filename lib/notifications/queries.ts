// What the customer sees of the outbox: their notifications, newest first, and the unread
// count for the header's badge. Always filtered by the signed-in user's id.
import { Prisma, type Tx } from "../prisma";
import { z } from "zod";
import { col, sqlRows } from "../sql/rows";

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  /** The order it is about, when there is one (links to the order page). */
  orderId: string | null;
  createdAt: Date;
  read: boolean;
}

const notificationRowSchema = z.object({ id: col.text, kind: col.text, title: col.text, body: col.text, order_id: col.nullableText, created_at: col.time, read: col.bool });

export async function listNotifications(tx: Tx, userId: string, limit = 100): Promise<NotificationView[]> {
  const rows = await sqlRows(tx, notificationRowSchema, Prisma.sql`
    SELECT id::text, kind, title, body, payload->>'orderId' AS order_id, created_at, read_at IS NOT NULL AS read
      FROM notifications
     WHERE user_id = ${userId}::uuid
     ORDER BY created_at DESC, id DESC
     LIMIT ${limit}`);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    orderId: row.order_id,
    createdAt: row.created_at,
    read: row.read,
  }));
}

export async function countUnreadNotifications(tx: Tx, userId: string): Promise<number> {
  const rows = await sqlRows(tx, z.object({ unread: col.int }), Prisma.sql`
    SELECT COUNT(*)::int AS unread FROM notifications WHERE user_id = ${userId}::uuid AND read_at IS NULL`);
  return rows[0]?.unread ?? 0;
}
