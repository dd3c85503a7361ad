// The catalogue's state lives in its URL (q, brand, sort, stock, page), so every view can be
// linked, bookmarked and reached without JavaScript. A hand-edited or stale value falls back
// to its default instead of failing the page: a shopper following an old link still gets a
// catalogue.
import { z } from "zod";
import { CATALOGUE_SORTS, DEFAULT_SORT, type CatalogueSort } from "@/lib/catalogue/catalogue-sorts";
import { routes } from "@/lib/routes";
import { cleanSearchParam } from "@/lib/validation/nul-text";

export { CATALOGUE_SORTS, SORT_LABELS, type CatalogueSort } from "@/lib/catalogue/catalogue-sorts";

/** Divides into 2, 3 and 4 columns, so every full page fills its last row on phone, tablet and desktop. */
export const CATALOGUE_PAGE_SIZE = 24;
// Past this a page number is surely hand-made; it is clamped to the last page anyway.
const MAX_PAGE = 100_000;

export interface CatalogueState {
  q: string;
  brand: string;
  sort: CatalogueSort;
  inStock: boolean;
  page: number;
}

type RawParam = string | string[] | undefined;
const firstValue = (value: unknown) => (Array.isArray(value) ? (value[0] as unknown) : value);
// Control characters dropped: a NUL would make PostgreSQL refuse the search (a 500).
const text = z.preprocess((value) => cleanSearchParam(value as RawParam), z.string()).catch("");

const catalogueParams = z.object({
  q: text,
  brand: text,
  sort: z.preprocess(firstValue, z.enum(CATALOGUE_SORTS)).catch(DEFAULT_SORT),
  stock: z.preprocess(firstValue, z.literal("in").optional()).catch(undefined),
  page: z
    .preprocess(firstValue, z.coerce.number().int().min(1))
    .catch(1)
    .transform((page) => Math.min(page, MAX_PAGE)),
});

/** The catalogue's state from its search parameters; anything invalid becomes its default. */
export function parseCatalogueParams(params: Record<string, RawParam>): CatalogueState {
  const parsed = catalogueParams.parse(params);
  return { q: parsed.q, brand: parsed.brand, sort: parsed.sort, inStock: parsed.stock === "in", page: parsed.page };
}

/**
 * A link to the catalogue in `state` changed by `change`; defaults are left out of the URL.
 * Changing anything but the page starts again from page 1: page 3 of another filter is
 * another list.
 */
export function catalogueHref(state: CatalogueState, change: Partial<CatalogueState> = {}): string {
  const next = { ...state, page: 1, ...change };
  return routes.catalogueFor({
    q: next.q,
    brand: next.brand,
    sort: next.sort === DEFAULT_SORT ? undefined : next.sort,
    stock: next.inStock ? "in" : undefined,
    page: next.page > 1 ? next.page : undefined,
  });
}

export type PageSlot = number | "gap";

/** Page links to show: the first and last page, the current one and its neighbours; a gap of one page shows that page instead. */
export function pageSlots(page: number, pageCount: number): PageSlot[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const slots: PageSlot[] = [];
  for (const n of shown) {
    const previous = slots.at(-1);
    if (typeof previous === "number" && n - previous === 2) slots.push(previous + 1);
    else if (typeof previous === "number" && n - previous > 2) slots.push("gap");
    slots.push(n);
  }
  return slots;
}
