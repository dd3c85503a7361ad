"use client";

import styles from "@/components/dashboard/dashboard.module.css";
import { DiscountKind } from "@/components/discounts/discount-kind";
import { useWindowForm, WindowFields } from "@/components/discounts/window-fields";
import { DropFields } from "@/components/drops/drop-fields";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { createFlashSaleAction, type NewSaleState } from "@/lib/actions/discounts";

export interface SaleListingOption {
  id: string;
  label: string;
  onHand: number;
}

/** The owner's "new flash sale" form: a listing, a sale price or percentage, K slots, a window. */
export function NewSaleForm({ listings }: { listings: SaleListingOption[] }) {
  const { state, pending, onSubmit } = useWindowForm<NewSaleState>(createFlashSaleAction);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form method="post" onSubmit={onSubmit} className="form" aria-describedby="new-sale-status" noValidate>
      <fieldset className={styles.fieldset}>
        <legend>What is on sale</legend>
        <SelectField label="Listing" name="listingId" required error={errors.listingId}>
          {listings.map((listing) => (
            <option key={listing.id} value={listing.id}>
              {listing.label} ({listing.onHand} on hand)
            </option>
          ))}
        </SelectField>
        <DiscountKind
          errors={errors}
          kinds={[
            {
              value: "percent",
              label: "Percentage off",
              field: { name: "percent", label: "Percent off", inputMode: "numeric", placeholder: "20" },
            },
            {
              value: "price",
              label: "Sale price",
              field: { name: "salePrice", label: "Sale price (€)", inputMode: "decimal", placeholder: "39.90" },
            },
          ]}
        />
        <Field
          label="Units at the sale price"
          name="slots"
          type="number"
          min={1}
          step={1}
          defaultValue={10}
          required
          hint="That many first buyers get one unit each at the sale price; everyone after pays the normal price."
          error={errors.slots}
        />
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>When</legend>
        <div className={styles.row}>
          <WindowFields errors={errors} defaultHours={24} />
        </div>
      </fieldset>
      <DropFields errors={errors} doing="buy" />
      <FormStatus id="new-sale-status" tone="error">
        {state && !state.ok ? state.message : null}
      </FormStatus>
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Creating…" : "Create flash sale"}
      </Button>
    </form>
  );
}
