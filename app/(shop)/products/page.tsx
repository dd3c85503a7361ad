import type { Metadata } from "next";
import Link from "next/link";
import { BrandFilter } from "@/components/catalogue/brand-filter";
import { CatalogueControls } from "@/components/catalogue/catalogue-controls";
import styles from "@/components/catalogue/catalogue.module.css";
import { Pagination } from "@/components/catalogue/pagination";
import { ProductGrid } from "@/components/catalogue/product-card";
import { catalogueHref, parseCatalogueParams } from "@/lib/catalogue/catalogue-params";
import { countBrands, findCataloguePage } from "@/lib/catalogue/queries";
import { db, readMayLag } from "@/lib/db/client";
import { pluralize } from "@/lib/format";
import { routes } from "@/lib/routes";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const { q, brand, page } = parseCatalogueParams(await searchParams);
  const title = q ? `Search: ${q}` : brand || "Catalogue";
  return { title: page > 1 ? `${title} (page ${page})` : title };
}

export default async function CataloguePage({ searchParams }: { searchParams: SearchParams }) {
  const state = parseCatalogueParams(await searchParams);
  // The search may lag on a replica (README: "Reads that may lag"); offers and stock are the primary's.
  const [result, brands] = await Promise.all([
    readMayLag((replica) =>
      findCataloguePage(replica, { q: state.q, brand: state.brand, sort: state.sort, inStock: state.inStock, page: state.page }, db()),
    ),
    readMayLag((replica) => countBrands(replica, { q: state.q, inStock: state.inStock })),
  ]);
  // A page past the end shows the last page: its links and numbers must say so too.
  const shown = { ...state, page: result.page };
  const filtered = Boolean(state.q || state.brand || state.inStock);

  return (
    <>
      <div className="page-header">
        <h1>{state.q ? <>Results for “{state.q}”</> : state.brand ? state.brand : "Catalogue"}</h1>
      </div>
      <BrandFilter brands={brands} state={shown} />
      <div className={styles.toolbar}>
        <p className={styles.summary} role="status">
          <span data-testid="result-count">
            {result.pageCount > 1
              ? `Showing ${result.first === result.last ? result.first : `${result.first}–${result.last}`} of ${pluralize(result.total, "product")}`
              : pluralize(result.total, "product")}
          </span>
          {filtered ? <Link href={routes.catalogue}>Clear search and filters</Link> : null}
        </p>
        <CatalogueControls state={shown} />
      </div>
      {result.products.length > 0 ? (
        <section aria-labelledby="catalogue-results">
          {/* The cards' names are h3s: a heading level between them and the page's h1. */}
          <h2 id="catalogue-results" className="visually-hidden">
            Products
          </h2>
          <ProductGrid products={result.products} />
        </section>
      ) : (
        <div className="empty-state">
          <h2>
            Nothing {state.inStock ? "in stock " : ""}matches{state.q ? ` “${state.q}”` : ""}
            {state.brand ? ` from ${state.brand}` : ""}
          </h2>
          <p>Try fewer words, another spelling, or look through every brand.</p>
          <div className="actions actions--center">
            {state.inStock ? (
              <Link href={catalogueHref(shown, { inStock: false })} className="button button--primary">
                Include sold-out products
              </Link>
            ) : null}
            {state.brand && state.q ? (
              <Link href={catalogueHref(shown, { brand: "" })} className="button button--primary">
                Search every brand
              </Link>
            ) : null}
            <Link href={routes.catalogue} className="button button--secondary">
              Show the whole catalogue
            </Link>
          </div>
        </div>
      )}
      <Pagination state={shown} page={result.page} pageCount={result.pageCount} />
    </>
  );
}
