// What the cart page shows. Read with the database clock: `now` comes back with the
// expiries, so a countdown in a browser whose clock is off still ends when the hold does.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";
import type { LineHoldStatus } from "@/lib/stock/reserve-hold";

export interface CartLineView {
  id: string;
  listingId: string;
  /** The product with its variant: "Title (Variant)". */
  productTitle: string;
  productSlug: string;
  imageUrl: string | null;
  shopName: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
  /** Units of this line covered by a live hold. */
  held: number;
  status: LineHoldStatus;
  /** When the live hold ends; null when the line holds nothing. */
  expiresAt: Date | null;
  /** Units nobody holds right now; the line could hold up to held + available. */
  available: number;
  listingActive: boolean;
}

export interface CartView {
  lines: CartLineView[];
  subtotalCents: number;
  currency: string;
  itemCount: number;
  now: Date;
}

const cartRowSchema = z.object({
  id: col.text,
  listing_id: col.text,
  title: col.text,
  slug: col.text,
  image_url: col.nullableText,
  shop_name: col.text,
  price_cents: col.int,
  currency: col.text,
  quantity: col.int,
  held: col.nullableInt,
  expires_at: col.nullableTime,
  available: col.int,
  active: col.bool,
  now: col.time,
});

export async function getCartView(tx: Tx, userId: string): Promise<CartView> {
  // Stock from listing_stock, and the line's own hold only while live (hold_is_live): an
  // ACTIVE hold past expires_at blocks nobody and reserves nothing for its owner (I3).
  const rows = await sqlRows(
    tx,
    cartRowSchema,
    Prisma.sql`
    SELECT ci.id::text, ci.listing_id::text, ${PRODUCT_DISPLAY_NAME} AS title, p.slug,
           COALESCE(l.image_url, p.image_url) AS image_url, s.name AS shop_name,
           l.price_cents, l.currency, ci.quantity,
           h.quantity AS held, h.expires_at, stock.available, l.active, now() AS now
      FROM carts c
      JOIN cart_items ci ON ci.cart_id = c.id
      JOIN listings l ON l.id = ci.listing_id
      JOIN listing_stock stock ON stock.listing_id = l.id
      JOIN products p ON p.id = l.product_id
      JOIN shops s ON s.id = l.shop_id
      LEFT JOIN holds h ON h.cart_item_id = ci.id AND hold_is_live(h.status, h.expires_at)
     WHERE c.user_id = ${userId}::uuid
     ORDER BY ci.created_at, ci.id`,
  );

  const lines = rows.map((row): CartLineView => {
    const held = row.held ?? 0;
    return {
      id: row.id,
      listingId: row.listing_id,
      productTitle: row.title,
      productSlug: row.slug,
      imageUrl: row.image_url,
      shopName: row.shop_name,
      unitPriceCents: row.price_cents,
      currency: row.currency,
      quantity: row.quantity,
      held,
      status: held >= row.quantity ? "reserved" : held > 0 ? "partial" : "not-reserved",
      expiresAt: held > 0 ? row.expires_at : null,
      available: row.available,
      listingActive: row.active,
    };
  });
  const now = rows[0]?.now ?? (await dbNow(tx));
  return {
    lines,
    subtotalCents: lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0),
    currency: lines[0]?.currency ?? "EUR",
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    now,
  };
}

export async function dbNow(tx: Tx): Promise<Date> {
  const rows = await sqlRows(tx, z.object({ now: col.time }), Prisma.sql`SELECT now() AS now`);
  return rows[0]?.now ?? new Date();
}
