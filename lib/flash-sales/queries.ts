// Read side of flash sales: the live counter the product page polls ("7 of 10 discounted
// left"), and the owner's list and detail (progress, winners in order). Every owner query is
// scoped by the owner's shop in SQL.
import "server-only";
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow, sqlRows } from "@/lib/db/rows";
import { saleDiscountOf, saleEndsAt, unitDiscountCents, type SaleDiscount, type SalePhase } from "@/lib/flash-sales/sale-terms";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";

export interface SaleCounter {
  saleId: string;
  listingId: string;
  phase: SalePhase;
  slots: number;
  /** Slots held by checkouts under way or paid; a failed checkout's slot comes back. */
  claimed: number;
  left: number;
  discount: SaleDiscount;
  priceCents: number;
  salePriceCents: number;
  currency: string;
  startsAt: string;
  endsAt: string;
  /** The database's clock, so countdowns do not trust the browser's. */
  now: string;
}

const saleRow = z.object({
  id: col.text,
  listing_id: col.text,
  phase: z.enum(["upcoming", "live", "ended"]),
  slots: col.int,
  claimed: col.int,
  discount_percent: col.nullableInt,
  sale_price_cents: col.nullableInt,
  price_cents: col.int,
  currency: col.text,
  starts_at: col.time,
  ends_at: col.time,
  now: col.time,
});
type SaleRow = z.infer<typeof saleRow>;

const phaseSql = (alias: string) => {
  const a = Prisma.raw(alias);
  return Prisma.sql`(CASE WHEN now() < ${a}.starts_at THEN 'upcoming' WHEN ${saleEndsAt(alias)} <= now() THEN 'ended' ELSE 'live' END)`;
};

const saleColumns = Prisma.sql`
  fs.id::text, fs.listing_id::text, ${phaseSql("fs")} AS phase, fs.slots, fs.claimed, fs.discount_percent, fs.sale_price_cents,
  l.price_cents, l.currency, fs.starts_at, ${saleEndsAt("fs")} AS ends_at, now() AS now`;

function toCounter(row: SaleRow): SaleCounter {
  const discount = saleDiscountOf(row);
  return {
    saleId: row.id,
    listingId: row.listing_id,
    phase: row.phase,
    slots: row.slots,
    claimed: row.claimed,
    left: Math.max(row.slots - row.claimed, 0),
    discount,
    priceCents: row.price_cents,
    salePriceCents: row.price_cents - unitDiscountCents(row.price_cents, discount),
    currency: row.currency,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    now: row.now.toISOString(),
  };
}

/** Per listing, the sale that is live now, else the next one to start; ended sales are left out. */
export async function getListingSales(tx: Tx, listingIds: string[]): Promise<SaleCounter[]> {
  if (listingIds.length === 0) return [];
  const rows = await sqlRows(
    tx,
    saleRow,
    Prisma.sql`
    SELECT DISTINCT ON (fs.listing_id) ${saleColumns}
      FROM flash_sales fs JOIN listings l ON l.id = fs.listing_id
     WHERE fs.listing_id = ANY(${listingIds}::uuid[]) AND ${saleEndsAt("fs")} > now()
     ORDER BY fs.listing_id, fs.starts_at`,
  );
  return rows.map(toCounter);
}

/**
 * Per listing, the sale whose price a checkout placed now can still win: live, with a slot
 * left (the cart and the checkout say so beside the full price).
 */
export async function getWinnableSales(tx: Tx, listingIds: string[]): Promise<Map<string, SaleCounter>> {
  const sales = await getListingSales(tx, listingIds);
  return new Map(sales.filter((sale) => sale.phase === "live" && sale.left > 0).map((sale) => [sale.listingId, sale]));
}

export interface OwnerSale extends SaleCounter {
  title: string;
  /** Paid orders that got the sale price. */
  consumed: number;
  endedEarly: boolean;
}

const ownerColumns = Prisma.sql`${saleColumns}, ${PRODUCT_DISPLAY_NAME} AS title,
  fs.ended_early_at IS NOT NULL AS ended_early,
  (SELECT COUNT(*) FROM flash_sale_claims c WHERE c.flash_sale_id = fs.id AND c.status = 'CONSUMED')::int AS consumed`;

const ownerSaleRow = saleRow.extend({ title: col.text, ended_early: col.bool, consumed: col.int });
type OwnerSaleRow = z.infer<typeof ownerSaleRow>;

const claimRow = z.object({
  name: col.text,
  status: z.enum(["CLAIMED", "CONSUMED", "RELEASED"]),
  order_id: col.nullableText,
  discount_cents: col.int,
  created_at: col.time,
});

const toOwnerSale = (row: OwnerSaleRow): OwnerSale => ({
  ...toCounter(row),
  title: row.title,
  consumed: row.consumed,
  endedEarly: row.ended_early,
});

/** The shop's sales: live and upcoming first, then the most recent. */
export async function listShopSales(tx: Tx, shopId: string): Promise<OwnerSale[]> {
  const rows = await sqlRows(
    tx,
    ownerSaleRow,
    Prisma.sql`
    SELECT ${ownerColumns}
      FROM flash_sales fs JOIN listings l ON l.id = fs.listing_id JOIN products p ON p.id = l.product_id
     WHERE l.shop_id = ${shopId}::uuid
     ORDER BY (${saleEndsAt("fs")} <= now()), fs.starts_at DESC`,
  );
  return rows.map(toOwnerSale);
}

export interface SaleWinner {
  position: number;
  customerName: string;
  status: "CLAIMED" | "CONSUMED" | "RELEASED";
  orderId: string | null;
  discountCents: number;
  claimedAt: string;
}

/** One sale of the shop with every claim in the order it was made (released ones too: they show the slot going to the next buyer). */
export async function getShopSale(tx: Tx, shopId: string, saleId: string): Promise<(OwnerSale & { claims: SaleWinner[] }) | null> {
  const sale = await sqlRow(
    tx,
    ownerSaleRow,
    Prisma.sql`
    SELECT ${ownerColumns}
      FROM flash_sales fs JOIN listings l ON l.id = fs.listing_id JOIN products p ON p.id = l.product_id
     WHERE fs.id = ${saleId}::uuid AND l.shop_id = ${shopId}::uuid`,
  );
  if (!sale) return null;
  const claims = await sqlRows(
    tx,
    claimRow,
    Prisma.sql`
    SELECT u.name, c.status::text AS status, c.order_id::text, c.discount_cents, c.created_at
      FROM flash_sale_claims c JOIN users u ON u.id = c.user_id
     WHERE c.flash_sale_id = ${saleId}::uuid
     ORDER BY c.created_at, c.id`,
  );
  return {
    ...toOwnerSale(sale),
    claims: claims.map((claim, index) => ({
      position: index + 1,
      customerName: claim.name,
      status: claim.status,
      orderId: claim.order_id,
      discountCents: claim.discount_cents,
      claimedAt: claim.created_at.toISOString(),
    })),
  };
}
