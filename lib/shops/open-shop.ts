// A customer becomes an owner by opening a shop: one row, guarded by two unique indexes
// (one shop per owner, one shop per slug), so double submits and two people racing for the
// same address each end with exactly one shop.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import type { OpenShopData } from "@/lib/shops/schemas";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";

const openedShopSchema = z.object({ id: col.text, slug: col.text, name: col.text });
export type OpenedShop = z.infer<typeof openedShopSchema>;

/** A parsed open-shop form (openShopSchema's output) and the customer opening it. */
export interface OpenShopInput extends OpenShopData {
  ownerId: string;
}

export type OpenShopResult = Ok<{ shop: OpenedShop }> | Refusal<"has-shop"> | Refusal<"slug-taken", { slug: string }>;

export async function openShop(tx: Tx, input: OpenShopInput): Promise<OpenShopResult> {
  const { ownerId, name, slug } = input;
  const rows = await sqlRows(
    tx,
    openedShopSchema,
    Prisma.sql`
    INSERT INTO shops (id, slug, name, owner_id)
    VALUES (gen_random_uuid(), ${slug}, ${name}, ${ownerId}::uuid)
    ON CONFLICT DO NOTHING
    RETURNING id::text, slug, name`,
  );
  const shop = rows[0];
  if (shop) return ok({ shop });

  // Nothing inserted: say which guard stopped it (a read after the decision, not before it).
  const [conflict] = await sqlRows(
    tx,
    z.object({ has_shop: col.bool }),
    Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM shops WHERE owner_id = ${ownerId}::uuid) AS has_shop`,
  );
  return conflict?.has_shop ? refuse("has-shop") : refuse("slug-taken", { slug });
}
