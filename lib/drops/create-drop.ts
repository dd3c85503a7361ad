// A drop is created with its flash sale or campaign, in the same statement (lib/flash-sales/
// create-flash-sale.ts, lib/coupons/create-campaign.ts): a sale is never on sale for a moment
// without the line its owner asked for. This is the CTE they add.
import { Prisma } from "@/lib/db/prisma";
import type { DropSettings } from "@/lib/drops/schemas";

/**
 * A data-modifying CTE body inserting the drop of the row `cte` inserted (columns id,
 * starts_at, and listing_id for a flash sale), or nothing when `settings` is null.
 */
export function insertDropSql(
  settings: DropSettings | null | undefined,
  source: { cte: string; subject: "flash-sale" | "campaign"; shopId: string },
): Prisma.Sql {
  const s = Prisma.raw(source.cte);
  if (!settings) return Prisma.sql`SELECT NULL::uuid AS id WHERE false`;
  const flashSale = source.subject === "flash-sale";
  return Prisma.sql`
    INSERT INTO drops (id, shop_id, flash_sale_id, campaign_id, listing_id, opens_at, starts_at, admit_per_minute, max_admitted, admission_seconds)
    SELECT gen_random_uuid(), ${source.shopId}::uuid,
           ${flashSale ? Prisma.sql`s.id` : Prisma.sql`NULL::uuid`}, ${flashSale ? Prisma.sql`NULL::uuid` : Prisma.sql`s.id`},
           ${flashSale ? Prisma.sql`s.listing_id` : Prisma.sql`NULL::uuid`},
           s.starts_at - make_interval(secs => ${settings.opensBeforeMs / 1000}::double precision), s.starts_at,
           ${settings.admitPerMinute}::int, ${settings.maxAdmitted}::int, ${settings.admissionSeconds}::int
      FROM ${s} s
    RETURNING id`;
}
