// Reading a stored picture back (served by /api/images/[id]). Kept apart from pictures.ts,
// whose checks also run in the browser's form schema and must not pull in database code.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";
import { PICTURE_TYPES, type Picture } from "@/lib/listings/pictures";

export async function findPicture(tx: Tx, id: string): Promise<Picture | null> {
  const row = await sqlRow(
    tx,
    z.object({ content_type: z.enum(PICTURE_TYPES), bytes: col.bytes }),
    Prisma.sql`
    SELECT content_type, bytes FROM images WHERE id = ${id}::uuid`,
  );
  return row ? { contentType: row.content_type, bytes: new Uint8Array(row.bytes) } : null;
}
