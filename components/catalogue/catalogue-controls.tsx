import Form from "next/form";
import styles from "@/components/catalogue/catalogue.module.css";
import { Button } from "@/components/ui/button";
import { CATALOGUE_SORTS, SORT_LABELS, type CatalogueState } from "@/lib/catalogue/catalogue-params";
import { routes } from "@/lib/routes";

/**
 * Sort and "In stock only" as a GET form: it works without JavaScript, and with it Next's Form
 * navigates without a full reload. It applies on the button, not on change: a select that
 * navigates while arrowing through it (as some browsers fire change) would move a keyboard
 * user away mid-choice. The search and brand ride along; the page starts again at 1.
 */
export function CatalogueControls({ state }: { state: CatalogueState }) {
  return (
    <Form action={routes.catalogue} className={styles.controls} aria-label="Sort and filter">
      {state.q ? <input type="hidden" name="q" value={state.q} /> : null}
      {state.brand ? <input type="hidden" name="brand" value={state.brand} /> : null}
      <div className={styles.sort}>
        <label htmlFor="catalogue-sort">Sort by</label>
        <select id="catalogue-sort" name="sort" defaultValue={state.sort} key={state.sort}>
          {CATALOGUE_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      <label className={styles.stock}>
        <input type="checkbox" name="stock" value="in" defaultChecked={state.inStock} key={String(state.inStock)} />
        In stock only
      </label>
      <Button type="submit" variant="secondary">
        Apply
      </Button>
    </Form>
  );
}
