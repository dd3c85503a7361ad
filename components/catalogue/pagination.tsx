import Link from "next/link";
import styles from "@/components/catalogue/catalogue.module.css";
import { catalogueHref, pageSlots, type CatalogueState } from "@/lib/catalogue/catalogue-params";

/** Previous, numbered pages and Next, as links that keep the search, brand, sort and filter. */
export function Pagination({ state, page, pageCount }: { state: CatalogueState; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const href = (n: number) => catalogueHref(state, { page: n });
  return (
    <nav aria-label="Pagination" className={styles.pagination}>
      <ul className={styles.pages}>
        <li>
          {page > 1 ? (
            <Link href={href(page - 1)} rel="prev" className={styles.pageLink}>
              <span aria-hidden="true">←</span> <span className={styles.pageEdgeLabel}>Previous</span>
            </Link>
          ) : (
            <span className={styles.pageEdge} aria-hidden="true">
              <span aria-hidden="true">←</span> <span className={styles.pageEdgeLabel}>Previous</span>
            </span>
          )}
        </li>
        {pageSlots(page, pageCount).map((slot, index) =>
          slot === "gap" ? (
            <li key={`gap-${index}`} className={styles.pageGap} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={slot}>
              <Link
                href={href(slot)}
                className={styles.pageLink}
                aria-label={`Page ${slot}`}
                aria-current={slot === page ? "page" : undefined}
              >
                {slot}
              </Link>
            </li>
          ),
        )}
        <li>
          {page < pageCount ? (
            <Link href={href(page + 1)} rel="next" className={styles.pageLink}>
              <span className={styles.pageEdgeLabel}>Next</span> <span aria-hidden="true">→</span>
            </Link>
          ) : (
            <span className={styles.pageEdge} aria-hidden="true">
              <span className={styles.pageEdgeLabel}>Next</span> <span aria-hidden="true">→</span>
            </span>
          )}
        </li>
      </ul>
    </nav>
  );
}
