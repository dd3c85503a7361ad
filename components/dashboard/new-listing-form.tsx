"use client";

import Link from "next/link";
import { createListingAction, type NewListingState } from "@/lib/actions/listings";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, TextAreaField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { routes } from "@/lib/routes";
import styles from "./dashboard.module.css";

const PICTURE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif";

export function NewListingForm({ brands }: { brands: string[] }) {
  const { state, pending, onSubmit } = useActionForm<NewListingState>(createListingAction, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form onSubmit={onSubmit} className="form" aria-describedby="new-listing-status" noValidate>
      <fieldset className={styles.fieldset}>
        <legend>Which product</legend>
        <p className="field-hint">
          Brand, model and variant identify the product. If another shop already sells it, your listing joins the same
          catalogue entry.
        </p>
        <div className={styles.row}>
          <Field label="Brand" name="brand" required maxLength={60} list="known-brands" autoComplete="off" error={errors.brand} />
          <Field label="Model" name="model" required maxLength={80} autoComplete="off" error={errors.model} />
        </div>
        <Field label="Variant" name="variant" maxLength={60} hint="Colour, size or edition; leave empty if there is only one." error={errors.variant} />
        <datalist id="known-brands">
          {brands.map((brand) => (
            <option key={brand} value={brand} />
          ))}
        </datalist>
        <TextAreaField label="Description" name="description" maxLength={2000} hint="Used when you are the first shop to list this product." error={errors.description} />
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>Your offer</legend>
        <div className={styles.row}>
          <Field label="Price (€)" name="price" required inputMode="decimal" placeholder="49.90" error={errors.price} />
          <Field label="Units in stock" name="initialStock" type="number" min={0} step={1} defaultValue={0} required error={errors.initialStock} />
        </div>
        <Field
          label="Picture"
          name="picture"
          type="file"
          accept={PICTURE_ACCEPT}
          hint="PNG, JPEG, WebP or GIF, up to 2 MB."
          error={errors.picture}
        />
      </fieldset>
      <FormStatus id="new-listing-status" tone="error">
        {state && !state.ok ? state.message : null}{" "}
        {state && !state.ok && state.existingListingId ? (
          <Link href={routes.dashboardListing(state.existingListingId)}>Open your listing</Link>
        ) : null}
      </FormStatus>
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Listing…" : "List product"}
      </Button>
    </form>
  );
}
