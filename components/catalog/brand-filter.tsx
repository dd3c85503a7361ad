import Link from "next/link";
import type { BrandSummary } from "@/lib/catalog/queries";
import { routes } from "@/lib/routes";

/** Brand chips as plain links: they keep the current search and work without JavaScript. */
export function BrandFilter({ brands, selected, q }: { brands: BrandSummary[]; selected: string; q: string }) {
  const isSelected = (brand: string) => brand.toLowerCase() === selected.toLowerCase();
  return (
    <nav aria-label="Filter by brand">
      <ul className="filter-bar">
        <li>
          <Link href={routes.catalogueFor({ q })} className="chip" aria-current={selected ? undefined : "page"}>
            All brands
          </Link>
        </li>
        {brands.map(({ brand, productCount }) => (
          <li key={brand}>
            <Link
              href={routes.catalogueFor({ q, brand })}
              className="chip"
              aria-current={isSelected(brand) ? "page" : undefined}
            >
              {brand} <span className="chip__count">{productCount}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
