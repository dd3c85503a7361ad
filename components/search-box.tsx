"use client";

import Form from "next/form";
import { usePathname, useSearchParams } from "next/navigation";
import { routes } from "@/lib/routes";

/**
 * The header's product search: a GET form to the catalogue (works without JavaScript), which
 * shows the current search while the catalogue is open.
 */
export function SearchBox() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const current = pathname === routes.catalogue ? (searchParams.get("q") ?? "") : "";
  return (
    <Form action={routes.catalogue} role="search" aria-label="Products" className="site-search">
      <label htmlFor="site-search-q" className="visually-hidden">
        Search products
      </label>
      {/* keyed by the current search, so navigating resets what the field shows */}
      <input key={current} id="site-search-q" type="search" name="q" defaultValue={current} placeholder="Search brands, models…" autoComplete="off" maxLength={200} />
      <button type="submit" className="button button--primary">
        Search
      </button>
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
      <input id={inputId} type="search" name="q" placeholder="Search brands, models…" autoComplete="off" maxLength={200} />
      <button type="submit" className="button button--primary">
        Search
      </button>
    </form>
  );
}
