// A customer becomes an owner by opening a shop: one row, guarded by two unique indexes
// (one shop per owner, one shop per slug), so double submits and two people racing for the
// same address each end with exactly one shop.
import { z } from "zod";
import { openShopSchema, type OpenShopFieldErrors, type OpenShopInput } from "./open-shop-schema";
import { Prisma, type Tx } from "../prisma";

export interface OpenedShop {
  id: string;
  slug: string;
  name: string;
}

export type OpenShopResult =
  | { ok: true; shop: OpenedShop }
  | { ok: false; reason: "invalid" | "slug-taken" | "has-shop"; message: string; fieldErrors: OpenShopFieldErrors };

export async function openShop(tx: Tx, ownerId: string, input: OpenShopInput): Promise<OpenShopResult> {
  const parsed = openShopSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors;
    return { ok: false, reason: "invalid", message: "Please correct the marked fields.", fieldErrors };
  }
  const { name, slug } = parsed.data;
  const rows = await tx.$queryRaw<OpenedShop[]>(Prisma.sql`
    INSERT INTO shops (id, slug, name, owner_id)
    VALUES (gen_random_uuid(), ${slug}, ${name}, ${ownerId}::uuid)
    ON CONFLICT DO NOTHING
    RETURNING id::text, slug, name`);
  const shop = rows[0];
  if (shop) return { ok: true, shop };

  // Nothing inserted: say which guard stopped it (a read after the decision, not before it).
  const [conflict] = await tx.$queryRaw<{ has_shop: boolean }[]>(Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM shops WHERE owner_id = ${ownerId}::uuid) AS has_shop`);
  if (conflict?.has_shop) {
    return { ok: false, reason: "has-shop", message: "You already have a shop.", fieldErrors: {} };
  }
  return {
    ok: false,
    reason: "slug-taken",
    message: "Please correct the marked fields.",
    fieldErrors: { slug: [`The address “${slug}” is taken. Try another.`] },
  };
}
