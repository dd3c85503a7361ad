import Link from "next/link";
import type { ReactNode } from "react";
import styles from "@/components/page-not-found.module.css";
import { CatalogueSearchForm } from "@/components/search-box";
import { routes } from "@/lib/routes";

/**
 * The body of a 404: what went wrong, a search of the catalogue (a plain GET form, so it works
 * before any script runs) and the ways back. The general 404 and the product 404 share it.
 */
export function PageNotFound({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className={`empty-state ${styles.notFound}`} data-testid="not-found">
      <p className="eyebrow">404</p>
      <h1>{title}</h1>
      <p>{children}</p>
      <CatalogueSearchForm inputId="not-found-q" label="Search the catalogue" landmark="Catalogue" className={styles.search} />
      <div className="actions actions--center">
        <Link href={routes.catalogue} className="button button--primary">
          Browse the catalogue
        </Link>
        <Link href={routes.home} className="button button--secondary">
          Home
        </Link>
      </div>
    </div>
  );
}
