// Read side of the owner's dashboard. Every query is scoped by the owner's shop in SQL, so a
// listing id from another shop reads as "not found". Stock comes from the listing_stock view,
// the one definition of "available": expired holds are free even before a sweep (I3).
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { MovementKind } from "@/lib/generated/prisma/enums";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";

export interface OwnerListing {
  id: string;
  productId: string;
  productSlug: string;
  title: string;
  /** Title with the variant, for the owner's lists: "Halo 2 (Midnight)". */
  displayName: string;
  brand: string;
  model: string;
  variant: string;
  priceCents: number;
  currency: string;
  onHand: number;
  /** The counter: units in ACTIVE holds, including lapsed ones not yet swept. */
  reserved: number;
  /** Units in live holds (carts and unpaid orders). */
  held: number;
  /** Of those, units in shoppers' carts, and units in orders awaiting payment. */
  inCarts: number;
  awaitingPayment: number;
  /** Units a customer can reserve now: on hand minus live holds. */
  available: number;
  active: boolean;
  imageUrl: string | null;
  updatedAt: string;
}

const listingRowSchema = z.object({
  id: col.text,
  product_id: col.text,
  product_slug: col.text,
  title: col.text,
  display_name: col.text,
  brand: col.text,
  model: col.text,
  variant: col.text,
  price_cents: col.int,
  currency: col.text,
  on_hand: col.int,
  reserved: col.int,
  held: col.int,
  in_carts: col.int,
  awaiting_payment: col.int,
  available: col.int,
  active: col.bool,
  image_url: col.nullableText,
  updated_at: col.time,
});
type ListingRow = z.infer<typeof listingRowSchema>;

const listingColumns = Prisma.sql`
  l.id::text, p.id::text AS product_id, p.slug AS product_slug, p.title, ${PRODUCT_DISPLAY_NAME} AS display_name, p.brand, p.model, p.variant,
  l.price_cents, l.currency, l.on_hand, l.reserved, l.active, COALESCE(l.image_url, p.image_url) AS image_url,
  l.updated_at, stock.live_held AS held, stock.live_in_carts AS in_carts, stock.pending_order_units AS awaiting_payment, stock.available`;

const listingTables = Prisma.sql`
  listings l JOIN products p ON p.id = l.product_id JOIN listing_stock stock ON stock.listing_id = l.id`;

function toOwnerListing(row: ListingRow): OwnerListing {
  return {
    id: row.id,
    productId: row.product_id,
    productSlug: row.product_slug,
    title: row.title,
    displayName: row.display_name,
    brand: row.brand,
    model: row.model,
    variant: row.variant,
    priceCents: row.price_cents,
    currency: row.currency,
    onHand: row.on_hand,
    reserved: row.reserved,
    held: row.held,
    inCarts: row.in_carts,
    awaitingPayment: row.awaiting_payment,
    available: row.available,
    active: row.active,
    imageUrl: row.image_url,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The shop's listings, active first, then by title. */
export async function listShopListings(tx: Tx, shopId: string): Promise<OwnerListing[]> {
  const rows = await sqlRows(
    tx,
    listingRowSchema,
    Prisma.sql`
    SELECT ${listingColumns}
      FROM ${listingTables}
     WHERE l.shop_id = ${shopId}::uuid
     ORDER BY l.active DESC, p.title, l.created_at`,
  );
  return rows.map(toOwnerListing);
}

export async function getShopListing(tx: Tx, shopId: string, listingId: string): Promise<OwnerListing | null> {
  const rows = await sqlRows(
    tx,
    listingRowSchema,
    Prisma.sql`
    SELECT ${listingColumns}
      FROM ${listingTables}
     WHERE l.id = ${listingId}::uuid AND l.shop_id = ${shopId}::uuid`,
  );
  const row = rows[0];
  return row ? toOwnerListing(row) : null;
}

export interface LedgerEntry {
  id: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  reason: string | null;
  /** Levels right after this movement: the running sums of the ledger. */
  onHandAfter: number;
  reservedAfter: number;
  at: string;
}

export interface ListingLedger {
  /** Newest first. */
  entries: LedgerEntry[];
  /** How many movements there are in all. */
  total: number;
}

const ledgerRow = z.object({
  id: col.text,
  kind: z.enum(MovementKind),
  on_hand_delta: col.int,
  reserved_delta: col.int,
  reason: col.nullableText,
  on_hand_after: col.int,
  reserved_after: col.int,
  created_at: col.time,
  total: col.int,
});

export async function getListingLedger(
  tx: Tx,
  shopId: string,
  listingId: string,
  options: { limit?: number } = {},
): Promise<ListingLedger> {
  const limit = options.limit ?? 50;
  const rows = await sqlRows(
    tx,
    ledgerRow,
    Prisma.sql`
    WITH ledger AS (
      SELECT m.id, m.kind::text AS kind, m.on_hand_delta, m.reserved_delta, m.reason, m.created_at,
             SUM(m.on_hand_delta) OVER (ORDER BY m.id)::int AS on_hand_after,
             SUM(m.reserved_delta) OVER (ORDER BY m.id)::int AS reserved_after,
             count(*) OVER ()::int AS total
        FROM inventory_movements m JOIN listings l ON l.id = m.listing_id
       WHERE m.listing_id = ${listingId}::uuid AND l.shop_id = ${shopId}::uuid
    )
    SELECT id::text, kind, on_hand_delta, reserved_delta, reason, created_at, on_hand_after, reserved_after, total
      FROM ledger ORDER BY ledger.id DESC LIMIT ${limit}`,
  );
  return {
    entries: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      onHandDelta: row.on_hand_delta,
      reservedDelta: row.reserved_delta,
      reason: row.reason,
      onHandAfter: row.on_hand_after,
      reservedAfter: row.reserved_after,
      at: row.created_at.toISOString(),
    })),
    total: rows[0]?.total ?? 0,
  };
}
