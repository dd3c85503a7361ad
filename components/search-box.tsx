"use client";

import Form from "next/form";
import { usePathname, useSearchParams } from "next/navigation";
import { DEFAULT_SORT, isCatalogueSort } from "@/lib/catalogue/catalogue-sorts";
import { routes } from "@/lib/routes";

/**
 * The header's product search: a GET form to the catalogue (works without JavaScript), which
 * shows the current search while the catalogue is open. A new search there keeps the shopper's
 * sort and in-stock filter (valid ones only); it drops the brand, whose chips follow the search.
 */
export function SearchBox() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const onCatalogue = pathname === routes.catalogue;
  const current = onCatalogue ? (searchParams.get("q") ?? "") : "";
  const sort = onCatalogue ? searchParams.get("sort") : null;
  const inStock = onCatalogue && searchParams.get("stock") === "in";
  return (
    <Form action={routes.catalogue} role="search" aria-label="Products" className="site-search">
      {isCatalogueSort(sort) && sort !== DEFAULT_SORT ? <input type="hidden" name="sort" value={sort} /> : null}
      {inStock ? <input type="hidden" name="stock" value="in" /> : null}
      <label htmlFor="site-search-q" className="visually-hidden">
        Search products
      </label>
      {/* keyed by the current search, so navigating resets what the field shows */}
      <input
        key={current}
        id="site-search-q"
        type="search"
        name="q"
        defaultValue={current}
        placeholder="Search products"
        autoComplete="off"
        maxLength={200}
      />
      <SearchButton />
    </Form>
  );
}

/** What the search box looks like before the browser knows the URL (static fallback). */
export function SearchBoxFallback() {
  return <CatalogueSearchForm inputId="site-search-q" label="Search products" landmark="Products" className="site-search" />;
}

interface CatalogueSearchFormProps {
  inputId: string;
  label: string;
  /** The search landmark's name (two on one page must differ). */
  landmark: string;
  className: string | undefined;
}

/** A plain GET search of the catalogue: works before any script runs (the 404 page has one too). */
export function CatalogueSearchForm({ inputId, label, landmark, className }: CatalogueSearchFormProps) {
  return (
    <form action={routes.catalogue} role="search" aria-label={landmark} className={className}>
      <label htmlFor={inputId} className="visually-hidden">
        {label}
      </label>
      <input id={inputId} type="search" name="q" placeholder="Search products" autoComplete="off" maxLength={200} />
      <SearchButton />
    </form>
  );
}

/**
 * A magnifier and the word "Search". In the header the word is for screen readers only
 * (.site-search hides it), which leaves the field room for its whole placeholder at 1280 px.
 */
function SearchButton() {
  return (
    <button type="submit" className="button button--primary search-button">
      <svg
        width="18"
        height="18"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinecap="round"
        aria-hidden="true"
      >
        <circle cx="11" cy="11" r="7" />
        <path d="m20 20-3.6-3.6" />
      </svg>
      <span className="search-button__text">Search</span>
    </button>
  );
}
