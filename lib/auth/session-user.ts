// The signed-in user as every request reads it (getCurrentUser): the row, its session epoch
// (session-epoch.ts) and the shop it owns, in one statement. Through the query builder this was
// two round trips (the user, then the shop by owner) on every page and action of a signed-in
// customer.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";

export interface SessionUserRow {
  id: string;
  name: string;
  email: string;
  sessionEpoch: number;
  /** The shop this user owns; every account is a customer, owners also have a shop. */
  shop: { id: string; slug: string; name: string } | null;
}

const row = z.object({
  id: col.text,
  name: col.text,
  email: col.text,
  session_epoch: col.int,
  shop_id: col.nullableText,
  shop_slug: col.nullableText,
  shop_name: col.nullableText,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user with this id, or null (also for a string that is no user id at all). */
export async function findSessionUser(tx: Tx, userId: string): Promise<SessionUserRow | null> {
  if (!UUID.test(userId)) return null;
  const found = await sqlRow(
    tx,
    row,
    Prisma.sql`
    SELECT u.id::text, u.name, u.email, u.session_epoch,
           s.id::text AS shop_id, s.slug AS shop_slug, s.name AS shop_name
      FROM users u
      LEFT JOIN shops s ON s.owner_id = u.id
     WHERE u.id = ${userId}::uuid`,
  );
  if (!found) return null;
  return {
    id: found.id,
    name: found.name,
    email: found.email,
    sessionEpoch: found.session_epoch,
    shop:
      found.shop_id !== null && found.shop_slug !== null && found.shop_name !== null
        ? { id: found.shop_id, slug: found.shop_slug, name: found.shop_name }
        : null,
  };
}
