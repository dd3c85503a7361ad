"use client";

import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { useState, type FormEvent } from "react";
import styles from "@/components/dashboard/dashboard.module.css";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, TextAreaField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { INVALID_INPUT } from "@/lib/actions/action-result";
import { createListingAction, type NewListingState } from "@/lib/actions/listings";
import { pictureSizeProblem } from "@/lib/listings/pictures";
import { routes } from "@/lib/routes";

const PICTURE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif";
const UPLOAD_REFUSED = "The server refused the upload (a picture may be too large: the limit is 2 MB). Nothing was saved.";

// A body over the server's limit (next.config.js) is refused before the action runs, and the
// rejection would replace the page with an error: here it becomes a message and the form
// keeps what was typed. Navigation (the redirect on success) passes through.
async function submitListing(previous: NewListingState, formData: FormData): Promise<NewListingState> {
  try {
    return await createListingAction(previous, formData);
  } catch (error) {
    unstable_rethrow(error);
    return { ok: false, message: UPLOAD_REFUSED, fieldErrors: { picture: [UPLOAD_REFUSED] } };
  }
}

export function NewListingForm({ brands }: { brands: string[] }) {
  const { state, pending, onSubmit: submit } = useActionForm<NewListingState>(submitListing, null);
  // Checked here before sending: a too-large picture never travels, and the form says so at once.
  const [pictureProblem, setPictureProblem] = useState<string | null>(null);
  const errors = state && !state.ok ? state.fieldErrors : {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const picture = new FormData(event.currentTarget).get("picture");
    const problem = picture instanceof File ? pictureSizeProblem(picture.size) : null;
    setPictureProblem(problem);
    if (problem) {
      event.preventDefault();
      return;
    }
    submit(event);
  }

  return (
    <form onSubmit={onSubmit} className="form" aria-describedby="new-listing-status" noValidate>
      <fieldset className={styles.fieldset}>
        <legend>Which product</legend>
        <p className="field-hint">
          Brand, model and variant identify the product. If another shop already sells it, your listing joins the same catalogue entry.
        </p>
        <div className={styles.row}>
          <Field label="Brand" name="brand" required maxLength={60} list="known-brands" autoComplete="off" error={errors.brand} />
          <Field label="Model" name="model" required maxLength={80} autoComplete="off" error={errors.model} />
        </div>
        <Field
          label="Variant"
          name="variant"
          maxLength={60}
          hint="Colour, size or edition; leave empty if there is only one."
          error={errors.variant}
        />
        <datalist id="known-brands">
          {brands.map((brand) => (
            <option key={brand} value={brand} />
          ))}
        </datalist>
        <TextAreaField
          label="Description"
          name="description"
          maxLength={2000}
          hint="Used when you are the first shop to list this product."
          error={errors.description}
        />
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>Your offer</legend>
        <div className={styles.row}>
          <Field label="Price (€)" name="price" required inputMode="decimal" placeholder="49.90" error={errors.price} />
          <Field
            label="Units in stock"
            name="initialStock"
            type="number"
            min={0}
            step={1}
            defaultValue={0}
            required
            error={errors.initialStock}
          />
        </div>
        <Field
          label="Picture"
          name="picture"
          type="file"
          accept={PICTURE_ACCEPT}
          hint="PNG, JPEG, WebP or GIF, up to 2 MB."
          error={pictureProblem ?? errors.picture}
        />
      </fieldset>
      {/* Nothing at all inside until there is a message: a stray " " child would defeat
          .status:empty and show an empty error box before the first submit. */}
      <FormStatus id="new-listing-status" tone="error">
        {pictureProblem ? INVALID_INPUT : state && !state.ok ? state.message : null}
        {!pictureProblem && state && !state.ok && state.existingListingId ? (
          <>
            {" "}
            <Link href={routes.dashboardListing(state.existingListingId)}>Open your listing</Link>
          </>
        ) : null}
      </FormStatus>
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Listing…" : "List product"}
      </Button>
    </form>
  );
}
