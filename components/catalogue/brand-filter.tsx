import Link from "next/link";
import styles from "@/components/catalogue/catalogue.module.css";
import { catalogueHref, type CatalogueState } from "@/lib/catalogue/catalogue-params";
import type { BrandSummary } from "@/lib/catalogue/queries";

/**
 * Brand chips as plain links: they keep the search, sort and stock filter, and work without
 * JavaScript. `brands` are the brands with a match for the current search (countBrands), so
 * no chip leads to "0 products"; a brand chosen before the search changed stays shown, with
 * 0, so the shopper sees why nothing matches and can leave it.
 */
export function BrandFilter({ brands, state }: { brands: BrandSummary[]; state: CatalogueState }) {
  const selected = state.brand.toLowerCase();
  const shown =
    selected && !brands.some((b) => b.brand.toLowerCase() === selected) ? [...brands, { brand: state.brand, productCount: 0 }] : brands;
  return (
    <nav aria-label="Filter by brand">
      <ul className="filter-bar">
        <li>
          <Link href={catalogueHref(state, { brand: "" })} className="chip" aria-current={selected ? undefined : "page"}>
            All brands
          </Link>
        </li>
        {shown.map(({ brand, productCount }) => (
          <li key={brand}>
            <Link
              href={catalogueHref(state, { brand })}
              className={productCount === 0 ? `chip ${styles.chipEmpty}` : "chip"}
              aria-current={brand.toLowerCase() === selected ? "page" : undefined}
            >
              {brand}{" "}
              <span className="chip__count">
                {productCount}
                <span className="visually-hidden"> {productCount === 1 ? "product" : "products"}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
