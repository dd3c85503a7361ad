// Read side of the catalogue: each product once, with the offers of every shop that lists
// it. Pages render these view types; they never see Prisma rows. Stock comes from the
// listing_stock view, the one definition of "available" (I3).
//
// Two clients: `tx` answers what may lag (which products match, their order, their words and
// pictures), `live` answers the offers (listings, prices, stock). The pages pass a replica as
// `tx` and the primary as `live` (lib/db/client.ts readMayLag), so a shopper never sees stale
// stock or prices even while a replica is behind; tests and scripts pass one client for both.
import { z } from "zod";
import { CATALOGUE_PAGE_SIZE, type CatalogueSort } from "@/lib/catalogue/catalogue-params";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { saleEndsAt, saleIsLive } from "@/lib/flash-sales/sale-terms";
import { getListingStock } from "@/lib/stock/listing-stock";

export interface ShopListing {
  id: string;
  shop: { name: string; slug: string };
  priceCents: number;
  currency: string;
  /** Units a customer can still put in the cart: on hand minus live holds (I3). */
  available: number;
}

export interface CatalogueProduct {
  id: string;
  slug: string;
  brand: string;
  model: string;
  variant: string;
  title: string;
  imageUrl: string | null;
  /** Active listings only, cheapest first. */
  listings: ShopListing[];
  /** The lowest price a customer can buy at now (any listing's if all are sold out). */
  /** The lowest price asked (of the shops with stock, when any); `varies` when another of those shops asks more. */
  fromPrice: { cents: number; currency: string; varies: boolean } | null;
  totalAvailable: number;
}

export interface ProductDetail extends CatalogueProduct {
  description: string;
}

export interface CatalogueFilter {
  /** Free text: every word must appear in the title, brand, model or variant. */
  q?: string;
  /** Exact brand, any case. */
  brand?: string;
  /** Only products with at least one unit available now (listing_stock), in any shop. */
  inStock?: boolean;
  /** "name" (brand, title, variant) is the default of listCatalogue; the catalogue page offers the others. */
  sort?: "name" | CatalogueSort;
  limit?: number;
}

const MAX_SEARCH_WORDS = 8;
const DEFAULT_LIMIT = 120;

const listingSelect = {
  id: true,
  productId: true,
  priceCents: true,
  currency: true,
  imageUrl: true,
  shop: { select: { name: true, slug: true } },
} satisfies Prisma.ListingSelect;

const productSelect = {
  id: true,
  slug: true,
  brand: true,
  model: true,
  variant: true,
  title: true,
  imageUrl: true,
} satisfies Prisma.ProductSelect;

type ProductRow = Prisma.ProductGetPayload<{ select: typeof productSelect }>;
type ListingRow = Prisma.ListingGetPayload<{ select: typeof listingSelect }>;

function toCatalogueProduct(row: ProductRow, offers: ListingRow[], available: (listingId: string) => number): CatalogueProduct {
  const listings: ShopListing[] = offers.map((listing) => ({
    id: listing.id,
    shop: listing.shop,
    priceCents: listing.priceCents,
    currency: listing.currency,
    available: available(listing.id),
  }));
  const buyable = listings.filter((listing) => listing.available > 0);
  const offered = buyable.length > 0 ? buyable : listings;
  const cheapest = offered[0];
  return {
    id: row.id,
    slug: row.slug,
    brand: row.brand,
    model: row.model,
    variant: row.variant,
    title: row.title,
    // A product created from a shop's upload may only have the picture on its listing.
    imageUrl: row.imageUrl ?? offers.find((listing) => listing.imageUrl)?.imageUrl ?? null,
    listings,
    fromPrice: cheapest
      ? {
          cents: cheapest.priceCents,
          currency: cheapest.currency,
          varies: offered.some((listing) => listing.priceCents !== cheapest.priceCents),
        }
      : null,
    totalAvailable: listings.reduce((sum, listing) => sum + listing.available, 0),
  };
}

/** The products' active listings (cheapest first) and their stock, read on `live`. */
async function toCatalogueProducts(live: Tx, rows: ProductRow[]): Promise<CatalogueProduct[]> {
  const offers = await live.listing.findMany({
    where: { productId: { in: rows.map((row) => row.id) }, active: true },
    select: listingSelect,
    orderBy: [{ priceCents: "asc" }, { createdAt: "asc" }],
  });
  const stock = await getListingStock(
    live,
    offers.map((listing) => listing.id),
  );
  return rows.map((row) =>
    toCatalogueProduct(
      row,
      offers.filter((listing) => listing.productId === row.id),
      (id) => stock.get(id)?.available ?? 0,
    ),
  );
}

// Prisma passes `contains` into ILIKE as is: escape its wildcards so "%" means a percent sign.
function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function searchWords(q: string | undefined): string[] {
  return (q ?? "")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_SEARCH_WORDS)
    .map((word) => word.slice(0, 100));
}

/** A deal on the product that runs out: a flash sale with slots left, or a coupon campaign for one of its listings with coupons left. */
export interface CatalogueDeal {
  kind: "flash-sale" | "coupon";
  endsAt: string;
  /** The database's clock when read, so "ends in 2 h" does not trust the server's or browser's. */
  now: string;
}

export interface CatalogueEntry extends CatalogueProduct {
  /** The deal ending first, if any (what "ending soonest" sorts by). */
  deal: CatalogueDeal | null;
}

export interface CataloguePage {
  products: CatalogueEntry[];
  /** Every product matching the filter, across all pages. */
  total: number;
  /** The page shown: the one asked for, or the last one when that was past the end. */
  page: number;
  pageCount: number;
  pageSize: number;
  /** 1-based positions of the first and last product shown ("Showing 25–48 of 130"); 0 when none. */
  first: number;
  last: number;
}

// Each sort ends on the product id, a unique key: with ties left to chance, OFFSET could show
// a product on two pages and skip another.
const ORDER_BY: Record<NonNullable<CatalogueFilter["sort"]>, Prisma.Sql> = {
  name: Prisma.sql`o.brand, o.title, o.variant, o.id`,
  newest: Prisma.sql`o.created_at DESC, o.id`,
  // The price the card shows: the cheapest offer still buyable, else the cheapest at all.
  "price-asc": Prisma.sql`o.from_price, o.created_at DESC, o.id`,
  "price-desc": Prisma.sql`o.from_price DESC, o.created_at DESC, o.id`,
  // Deals that end first, then everything else as "newest" does.
  ending: Prisma.sql`o.deal_ends_at NULLS LAST, o.created_at DESC, o.id`,
};

/**
 * SQL: CTE `offers`, one row per product on offer (an active listing) matching the search (and
 * the brand and stock filters when given), with what the sorts and brand counts need. Stock is
 * the listing_stock view's (I3).
 *
 * "Ending" deals are the ones a shopper can still get and that end at a fixed time: a live
 * flash sale with a slot left, and a live coupon campaign for one listing with a coupon left
 * and an end date. A shop-wide campaign is left out: it would mark every product of the shop,
 * which says nothing about any one of them. Live sales and campaigns are few, so they are
 * collected once and joined by hash rather than looked up per listing.
 */
function offersSql(filter: Pick<CatalogueFilter, "q" | "brand" | "inStock">): Prisma.Sql {
  const brand = filter.brand?.trim();
  // Each word matches part of a name ("head" finds Headphones) or, through PostgreSQL's English
  // stemmer, another form of a word in it ("shoes" finds Shoe, "boxes" finds Box).
  const conditions = searchWords(filter.q).map((word) => {
    const pattern = `%${escapeLike(word)}%`;
    return Prisma.sql`(p.title ILIKE ${pattern} OR p.brand ILIKE ${pattern} OR p.model ILIKE ${pattern} OR p.variant ILIKE ${pattern}
      OR to_tsvector('english', p.title || ' ' || p.brand || ' ' || p.model || ' ' || p.variant) @@ plainto_tsquery('english', ${word}))`;
  });
  if (brand) conditions.push(Prisma.sql`lower(p.brand) = lower(${brand})`);
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const having = filter.inStock ? Prisma.sql`HAVING SUM(s.available) > 0` : Prisma.empty;
  return Prisma.sql`
    live_sales AS (
      SELECT fs.listing_id, MIN(${saleEndsAt("fs")}) AS ends_at
        FROM flash_sales fs
       WHERE ${saleIsLive("fs")} AND fs.claimed < fs.slots
       GROUP BY fs.listing_id
    ),
    live_coupons AS (
      SELECT c.listing_id, MIN(c.ends_at) AS ends_at
        FROM coupon_campaigns c
       WHERE c.listing_id IS NOT NULL AND c.issued < c.limit_count AND c.starts_at <= now()
         AND c.ended_early_at IS NULL AND c.ends_at > now()
       GROUP BY c.listing_id
    ),
    offers AS (
      SELECT p.id, p.brand, p.title, p.variant, p.created_at,
             COALESCE(MIN(l.price_cents) FILTER (WHERE s.available > 0), MIN(l.price_cents)) AS from_price,
             LEAST(MIN(ls.ends_at), MIN(lc.ends_at)) AS deal_ends_at,
             CASE WHEN MIN(ls.ends_at) <= MIN(lc.ends_at) OR MIN(lc.ends_at) IS NULL THEN 'flash-sale' ELSE 'coupon' END AS deal_kind
        FROM products p
        JOIN listings l ON l.product_id = p.id AND l.active
        JOIN listing_stock s ON s.listing_id = l.id
        LEFT JOIN live_sales ls ON ls.listing_id = l.id
        LEFT JOIN live_coupons lc ON lc.listing_id = l.id
      ${where}
       GROUP BY p.id
      ${having}
    )`;
}

const pageRow = z.object({
  total: col.int,
  page: col.int,
  id: col.nullableText,
  position: col.nullableInt,
  deal_kind: z.enum(["flash-sale", "coupon"]).nullable(),
  deal_ends_at: col.nullableTime,
  now: col.time,
});

/**
 * One page of the catalogue. The count, the clamp of a page past the end to the last page and
 * the page's ids are one statement (paged in SQL, never everything fetched and sliced here);
 * the products of the page are then loaded by id with their listings and stock.
 */
export async function findCataloguePage(
  tx: Tx,
  { page = 1, pageSize = CATALOGUE_PAGE_SIZE, ...filter }: Omit<CatalogueFilter, "limit"> & { page?: number; pageSize?: number },
  live: Tx = tx,
): Promise<CataloguePage> {
  const size = Math.max(1, Math.floor(pageSize));
  const wanted = Math.max(1, Math.floor(page));
  const rows = await sqlRows(
    tx,
    pageRow,
    Prisma.sql`
    WITH ${offersSql(filter)},
    ranked AS (SELECT o.id, o.deal_kind, o.deal_ends_at, ROW_NUMBER() OVER (ORDER BY ${ORDER_BY[filter.sort ?? "newest"]})::int AS position FROM offers o),
    counted AS (SELECT COUNT(*)::int AS total FROM ranked),
    paging AS (SELECT total, LEAST(${wanted}::int, GREATEST(CEIL(total / ${size}::numeric)::int, 1)) AS page FROM counted)
    SELECT g.total, g.page, r.id::text AS id, r.position,
           CASE WHEN r.deal_ends_at IS NULL THEN NULL ELSE r.deal_kind END AS deal_kind, r.deal_ends_at, now() AS now
      FROM paging g
      LEFT JOIN ranked r ON r.position > (g.page - 1) * ${size}::int AND r.position <= g.page * ${size}::int
     ORDER BY r.position`,
  );
  const head = rows[0] ?? { total: 0, page: 1 };
  const onPage = rows.flatMap((row) => (row.id && row.position !== null ? [{ ...row, id: row.id, position: row.position }] : []));
  const products = await loadInOrder(
    tx,
    onPage.map((row) => row.id),
    live,
  );
  const deals = new Map(
    onPage.map((row) => [
      row.id,
      row.deal_kind && row.deal_ends_at
        ? { kind: row.deal_kind, endsAt: row.deal_ends_at.toISOString(), now: row.now.toISOString() }
        : null,
    ]),
  );
  return {
    // A product whose last active listing was paused between the two reads is left out.
    products: products.map((product) => ({ ...product, deal: deals.get(product.id) ?? null })),
    total: head.total,
    page: head.page,
    pageCount: Math.max(1, Math.ceil(head.total / size)),
    pageSize: size,
    first: onPage[0]?.position ?? 0,
    last: onPage.at(-1)?.position ?? 0,
  };
}

/** Products that at least one shop offers, each once, matching the filter: the first `limit` of them. */
export async function listCatalogue(tx: Tx, filter: CatalogueFilter = {}, live: Tx = tx): Promise<CatalogueEntry[]> {
  const { limit = DEFAULT_LIMIT, sort = "name", ...rest } = filter;
  return (await findCataloguePage(tx, { ...rest, sort, page: 1, pageSize: limit }, live)).products;
}

/** The products with these ids, in this order, with their active listings and stock (from `live`). */
async function loadInOrder(tx: Tx, ids: string[], live: Tx): Promise<CatalogueProduct[]> {
  if (ids.length === 0) return [];
  const rows = await tx.product.findMany({ where: { id: { in: ids } }, select: productSelect });
  const byId = new Map((await toCatalogueProducts(live, rows)).map((product) => [product.id, product]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Products nearly gone: in stock, but `maxAvailable` units or fewer across all shops. */
export async function listScarceProducts(
  tx: Tx,
  { maxAvailable = 3, limit = 4 }: { maxAvailable?: number; limit?: number } = {},
  live: Tx = tx,
): Promise<CatalogueProduct[]> {
  const scarce = await sqlRows(
    tx,
    z.object({ product_id: col.text }),
    Prisma.sql`
    SELECT product_id::text
      FROM listing_stock
     WHERE active
     GROUP BY product_id
    HAVING SUM(available) BETWEEN 1 AND ${maxAvailable}
     ORDER BY SUM(available), product_id
     LIMIT ${limit}`,
  );
  return loadInOrder(
    tx,
    scarce.map((row) => row.product_id),
    live,
  );
}

export interface BrandSummary {
  brand: string;
  productCount: number;
}

/** Brands with at least one product on offer, for the catalogue filter. */
export async function listBrands(tx: Tx): Promise<BrandSummary[]> {
  const groups = await tx.product.groupBy({
    by: ["brand"],
    where: { listings: { some: { active: true } } },
    _count: { _all: true },
    orderBy: { brand: "asc" },
  });
  return groups.map((group) => ({ brand: group.brand, productCount: group._count._all }));
}

const brandCountRow = z.object({ brand: col.text, product_count: col.int });

/**
 * Brands with their number of products matching the search and stock filter, for the brand
 * chips: a brand with no match is left out, so no chip leads to "0 products". Brands that
 * differ only in case are one brand, as the brand filter treats them.
 */
export async function countBrands(tx: Tx, filter: Pick<CatalogueFilter, "q" | "inStock"> = {}): Promise<BrandSummary[]> {
  const rows = await sqlRows(
    tx,
    brandCountRow,
    Prisma.sql`
    WITH ${offersSql(filter)}
    SELECT MIN(o.brand) AS brand, COUNT(*)::int AS product_count
      FROM offers o
     GROUP BY lower(o.brand)
     ORDER BY lower(o.brand)`,
  );
  return rows.map((row) => ({ brand: row.brand, productCount: row.product_count }));
}

/** One product with its active listings (from `live`); null when no product has this slug. */
export async function getProductBySlug(tx: Tx, slug: string, live: Tx = tx): Promise<ProductDetail | null> {
  const row = await tx.product.findUnique({
    where: { slug },
    select: { ...productSelect, description: true },
  });
  if (!row) return null;
  const [product] = await toCatalogueProducts(live, [row]);
  return { ...product!, description: row.description };
}
