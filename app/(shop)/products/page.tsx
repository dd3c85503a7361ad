import type { Metadata } from "next";
import Link from "next/link";
import { ProductGrid } from "@/components/catalog/product-card";
import { BrandFilter } from "@/components/catalog/brand-filter";
import { listBrands, listCatalogue } from "@/lib/catalog/queries";
import { db } from "@/lib/db";
import { pluralize } from "@/lib/format";
import { routes } from "@/lib/routes";
import { cleanSearchParam } from "@/lib/validation/nul-text";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Control characters dropped: a NUL would make PostgreSQL refuse the search (a 500).
const first = (value: string | string[] | undefined) => cleanSearchParam(value);

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const params = await searchParams;
  const q = first(params.q);
  const brand = first(params.brand);
  if (q) return { title: `Search: ${q}` };
  if (brand) return { title: brand };
  return { title: "Catalogue" };
}

export default async function CataloguePage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const q = first(params.q);
  const brand = first(params.brand);
  const [products, brands] = await Promise.all([listCatalogue(db(), { q, brand }), listBrands(db())]);
  const filtered = Boolean(q || brand);

  return (
    <>
      <div className="page-header">
        <h1>{q ? <>Results for “{q}”</> : brand ? brand : "Catalogue"}</h1>
      </div>
      <BrandFilter brands={brands} selected={brand} q={q} />
      <p className="results-summary" role="status">
        <span data-testid="result-count">{pluralize(products.length, "product")}</span>
        {filtered ? <Link href={routes.catalogue}>Clear search and filters</Link> : null}
      </p>
      {products.length > 0 ? (
        <ProductGrid products={products} />
      ) : (
        <div className="empty-state">
          <h2>Nothing matches{q ? ` “${q}”` : ""}{brand ? ` from ${brand}` : ""}</h2>
          <p>Try fewer words, another spelling, or look through every brand.</p>
          <Link href={routes.catalogue} className="button button--secondary">
            Show the whole catalogue
          </Link>
        </div>
      )}
    </>
  );
}
