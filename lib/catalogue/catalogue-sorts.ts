// The catalogue's sort orders, apart from its zod parsing (catalogue-params.ts) so that the
// header's search box, on every page, can keep a valid sort without shipping zod to the browser.
export const CATALOGUE_SORTS = ["newest", "price-asc", "price-desc", "ending"] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];
export const DEFAULT_SORT: CatalogueSort = "newest";

export const SORT_LABELS: Record<CatalogueSort, string> = {
  newest: "Newest",
  "price-asc": "Price: low to high",
  "price-desc": "Price: high to low",
  ending: "Deals ending soonest",
};

export function isCatalogueSort(value: string | null): value is CatalogueSort {
  return (CATALOGUE_SORTS as readonly (string | null)[]).includes(value);
}
