// Read side of the catalogue: each product once, with the offers of every shop that lists
// it. Pages render these view types; they never see Prisma rows. Stock comes from the
// listing_stock view, the one definition of "available" (I3).
import { getListingStock } from "../availability/listing-stock";
import { Prisma, type Tx } from "../prisma";
import { z } from "zod";
import { col, sqlRows } from "../sql/rows";

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
  fromPrice: { cents: number; currency: string } | null;
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
  sort?: "name" | "newest";
  limit?: number;
}

const MAX_SEARCH_WORDS = 8;
const DEFAULT_LIMIT = 120;

const listingSelect = {
  id: true,
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
  listings: { where: { active: true }, select: listingSelect, orderBy: [{ priceCents: "asc" }, { createdAt: "asc" }] },
} satisfies Prisma.ProductSelect;

type ProductRow = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

function toCatalogueProduct(row: ProductRow, available: (listingId: string) => number): CatalogueProduct {
  const listings: ShopListing[] = row.listings.map((listing) => ({
    id: listing.id,
    shop: listing.shop,
    priceCents: listing.priceCents,
    currency: listing.currency,
    available: available(listing.id),
  }));
  const buyable = listings.filter((listing) => listing.available > 0);
  const cheapest = (buyable.length > 0 ? buyable : listings)[0];
  return {
    id: row.id,
    slug: row.slug,
    brand: row.brand,
    model: row.model,
    variant: row.variant,
    title: row.title,
    // A product created from a shop's upload may only have the picture on its listing.
    imageUrl: row.imageUrl ?? row.listings.find((listing) => listing.imageUrl)?.imageUrl ?? null,
    listings,
    fromPrice: cheapest ? { cents: cheapest.priceCents, currency: cheapest.currency } : null,
    totalAvailable: listings.reduce((sum, listing) => sum + listing.available, 0),
  };
}

async function toCatalogueProducts(tx: Tx, rows: ProductRow[]): Promise<CatalogueProduct[]> {
  const stock = await getListingStock(tx, rows.flatMap((row) => row.listings.map((listing) => listing.id)));
  return rows.map((row) => toCatalogueProduct(row, (id) => stock.get(id)?.available ?? 0));
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
    .map((word) => escapeLike(word.slice(0, 100)));
}

/** Products that at least one shop offers, each once, matching the search and brand filter. */
export async function listCatalogue(tx: Tx, filter: CatalogueFilter = {}): Promise<CatalogueProduct[]> {
  const brand = filter.brand?.trim();
  const rows = await tx.product.findMany({
    where: {
      listings: { some: { active: true } },
      ...(brand ? { brand: { equals: brand, mode: "insensitive" } } : {}),
      AND: searchWords(filter.q).map((word) => ({
        OR: (["title", "brand", "model", "variant"] as const).map((field) => ({
          [field]: { contains: word, mode: "insensitive" },
        })),
      })),
    },
    select: productSelect,
    orderBy:
      filter.sort === "newest"
        ? [{ createdAt: "desc" }, { slug: "asc" }]
        : [{ brand: "asc" }, { title: "asc" }, { variant: "asc" }],
    take: filter.limit ?? DEFAULT_LIMIT,
  });
  return toCatalogueProducts(tx, rows);
}

/** Products nearly gone: in stock, but `maxAvailable` units or fewer across all shops. */
export async function listScarceProducts(
  tx: Tx,
  { maxAvailable = 3, limit = 4 }: { maxAvailable?: number; limit?: number } = {},
): Promise<CatalogueProduct[]> {
  const scarce = await sqlRows(tx, z.object({ product_id: col.text }), Prisma.sql`
    SELECT product_id::text
      FROM listing_stock
     WHERE active
     GROUP BY product_id
    HAVING SUM(available) BETWEEN 1 AND ${maxAvailable}
     ORDER BY SUM(available), product_id
     LIMIT ${limit}`);
  const ids = scarce.map((row) => row.product_id);
  if (ids.length === 0) return [];
  const rows = await tx.product.findMany({ where: { id: { in: ids } }, select: productSelect });
  const byId = new Map((await toCatalogueProducts(tx, rows)).map((product) => [product.id, product]));
  return ids.flatMap((id) => byId.get(id) ?? []);
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

/** One product with its active listings; null when no product has this slug. */
export async function getProductBySlug(tx: Tx, slug: string): Promise<ProductDetail | null> {
  const row = await tx.product.findUnique({
    where: { slug },
    select: { ...productSelect, description: true },
  });
  if (!row) return null;
  const [product] = await toCatalogueProducts(tx, [row]);
  return { ...product!, description: row.description };
}
