// The development outbox (/dev/mail): with no mail service the default transport only logs a
// title, so a password reset link would reach nobody. This page shows what would have been
// mailed, to everyone, which is exactly why it must not exist on a real deployment.
import "server-only";
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { env, inProduction } from "@/lib/env";
import { hasDeliveryTransport } from "@/lib/notifications/transport";

/** Only while nothing really delivers mail, and outside production unless DEV_MAIL_PAGE=1 (demo, e2e). */
export function devMailPageEnabled(): boolean {
  return !hasDeliveryTransport() && (!inProduction() || env().DEV_MAIL_PAGE);
}

export interface OutboxMessage {
  id: string;
  email: string;
  title: string;
  body: string;
  createdAt: Date;
  delivered: boolean;
}

const row = z.object({ id: col.text, email: col.text, title: col.text, body: col.text, created_at: col.time, delivered: col.bool });

/** The newest notifications of all users, newest first. */
export async function listOutbox(tx: Tx, limit = 50): Promise<OutboxMessage[]> {
  const rows = await sqlRows(
    tx,
    row,
    Prisma.sql`
    SELECT n.id::text, u.email, n.title, n.body, n.created_at, n.delivered_at IS NOT NULL AS delivered
      FROM notifications n JOIN users u ON u.id = n.user_id
     ORDER BY n.created_at DESC, n.id DESC
     LIMIT ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, email: r.email, title: r.title, body: r.body, createdAt: r.created_at, delivered: r.delivered }));
}
