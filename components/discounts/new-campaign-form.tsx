"use client";

import styles from "@/components/dashboard/dashboard.module.css";
import { DiscountKind } from "@/components/discounts/discount-kind";
import type { SaleListingOption } from "@/components/discounts/new-sale-form";
import { useWindowForm, WindowFields } from "@/components/discounts/window-fields";
import { DropFields } from "@/components/drops/drop-fields";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { createCampaignAction, type NewCampaignState } from "@/lib/actions/discounts";

/** The owner's "new coupon campaign" form: what it takes off, how many coupons, scope, minimum order, window. */
export function NewCampaignForm({ listings }: { listings: SaleListingOption[] }) {
  const { state, pending, onSubmit } = useWindowForm<NewCampaignState>(createCampaignAction);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form method="post" onSubmit={onSubmit} className="form" aria-describedby="new-campaign-status" noValidate>
      <fieldset className={styles.fieldset}>
        <legend>The coupon</legend>
        <Field
          label="Campaign name"
          name="name"
          required
          maxLength={80}
          placeholder="Launch week: first 30 get 20% off"
          error={errors.name}
        />
        <DiscountKind
          errors={errors}
          kinds={[
            {
              value: "percent",
              label: "Percentage off",
              field: { name: "percent", label: "Percent off", inputMode: "numeric", placeholder: "20" },
            },
            {
              value: "amount",
              label: "Amount off",
              field: { name: "amountOff", label: "Amount off (€)", inputMode: "decimal", placeholder: "10.00" },
            },
          ]}
        />
        <div className={styles.row}>
          <Field
            label="Number of coupons"
            name="limit"
            type="number"
            min={1}
            step={1}
            defaultValue={30}
            required
            hint="Exactly that many customers win one, first come, first served."
            error={errors.limit}
          />
          <Field
            label="Minimum order (€, optional)"
            name="minOrder"
            inputMode="decimal"
            placeholder="50.00"
            hint="Counted on what the coupon applies to."
            error={errors.minOrder}
          />
        </div>
        <SelectField label="Applies to" name="listingId" error={errors.listingId}>
          <option value="">The whole shop</option>
          {listings.map((listing) => (
            <option key={listing.id} value={listing.id}>
              {listing.label}
            </option>
          ))}
        </SelectField>
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>Valid</legend>
        <div className={styles.row}>
          <WindowFields errors={errors} defaultHours={24 * 7} />
        </div>
      </fieldset>
      <DropFields errors={errors} doing="claim" />
      <FormStatus id="new-campaign-status" tone="error">
        {state && !state.ok ? state.message : null}
      </FormStatus>
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Creating…" : "Create campaign"}
      </Button>
    </form>
  );
}
