"use client";

import Link from "next/link";
import { CardNumberField } from "@/components/checkout/card-number-field";
import styles from "@/components/checkout/checkout.module.css";
import { SoldOutNotice } from "@/components/checkout/sold-out-notice";
import { CouponField, type CouponChoice } from "@/components/discounts/coupon-field";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { checkoutAction, type CheckoutState } from "@/lib/actions/checkout";
import type { ShippingAddress } from "@/lib/orders/place-order";
import { SHIPPING_COUNTRIES } from "@/lib/orders/schemas";
import { routes } from "@/lib/routes";

export interface CheckoutFormProps {
  /** A fresh key for every render of the page: one order per submission of it. */
  idempotencyKey: string;
  email: string;
  address: ShippingAddress;
  /** "€90.00": what the button says it pays. */
  totalLabel: string;
  showTestCards: boolean;
  /** The customer's usable coupons, to pick from. */
  coupons?: CouponChoice[];
  /** Cart lines on a live flash sale with slots left, with their sale price ("€59.00"). */
  saleLines?: { name: string; salePrice: string }[];
}

/** What may still come off the total before the card is charged; null when nothing can. */
function discountNote(totalLabel: string, saleLines: { name: string; salePrice: string }[], hasCoupons: boolean): string | null {
  if (saleLines.length === 0 && !hasCoupons) return null;
  return [
    `You pay at most ${totalLabel}.`,
    ...saleLines.map((line) => `If a flash-sale slot is still left when you pay, one ${line.name} is ${line.salePrice}.`),
    hasCoupons ? "A coupon you choose comes off before your card is charged." : null,
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * Contact, address and card, then one submit that places the order and takes the payment.
 * A double click or a retried request carries the same key and yields the same single order.
 * What was typed stays when a field is wrong (useActionForm).
 */
export function CheckoutForm({
  idempotencyKey,
  email,
  address,
  totalLabel,
  showTestCards,
  coupons = [],
  saleLines = [],
}: CheckoutFormProps) {
  const note = discountNote(totalLabel, saleLines, coupons.length > 0);
  const { state, pending, onSubmit } = useActionForm<CheckoutState>(checkoutAction, null);
  const errors = state?.ok === false ? state.fieldErrors : {};
  const soldOut = state?.ok === false ? state.soldOut : undefined;

  // method="post": a submit before hydration must not put the card number in a URL.
  return (
    <form onSubmit={onSubmit} method="post" className="form" aria-describedby="checkout-status" noValidate data-testid="checkout-form">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <fieldset className={styles.section}>
        <legend>Contact</legend>
        <Field
          label="Email"
          name="contactEmail"
          type="email"
          autoComplete="email"
          defaultValue={email}
          required
          hint="Where we send the receipt and news about this order."
          error={errors.contactEmail}
        />
      </fieldset>
      <fieldset className={styles.section}>
        <legend>Shipping address</legend>
        <Field
          label="Full name"
          name="name"
          autoComplete="shipping name"
          defaultValue={address.name}
          required
          maxLength={100}
          error={errors.name}
        />
        <Field
          label="Street address"
          name="street"
          autoComplete="shipping street-address"
          defaultValue={address.street}
          required
          maxLength={200}
          error={errors.street}
        />
        <div className={styles.row}>
          <Field
            label="City"
            name="city"
            autoComplete="shipping address-level2"
            defaultValue={address.city}
            required
            maxLength={100}
            error={errors.city}
          />
          <Field
            label="Postal code"
            name="postalCode"
            autoComplete="shipping postal-code"
            defaultValue={address.postalCode}
            required
            maxLength={12}
            error={errors.postalCode}
          />
        </div>
        <SelectField
          label="Country"
          name="country"
          autoComplete="shipping country"
          defaultValue={address.country}
          required
          error={errors.country}
        >
          <option value="">Choose a country…</option>
          {SHIPPING_COUNTRIES.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </SelectField>
      </fieldset>
      <fieldset className={styles.section}>
        <legend>Payment</legend>
        <CardNumberField error={errors.cardNumber} showTestCards={showTestCards} />
      </fieldset>
      <fieldset className={styles.section}>
        <legend>Coupon</legend>
        <CouponField coupons={coupons} error={errors.couponCode} />
      </fieldset>

      {soldOut && soldOut.length > 0 ? (
        <SoldOutNotice soldOut={soldOut} canContinue={state?.ok === false && state.reason === "sold-out"} pending={pending} />
      ) : (
        <>
          <Button
            type="submit"
            size="large"
            block
            disabled={pending}
            aria-busy={pending || undefined}
            data-testid="pay"
            aria-describedby={note ? "pay-note" : undefined}
          >
            {pending ? "Paying…" : `Pay ${totalLabel}`}
          </Button>
          {note ? (
            <p id="pay-note" className="muted" data-testid="pay-note">
              {note}
            </p>
          ) : null}
        </>
      )}
      <FormStatus id="checkout-status" tone="error">
        {state?.ok === false && !(soldOut && state.reason === "sold-out") ? state.message : null}
        {state?.ok === false && state.signIn ? (
          <>
            {" "}
            <Link href={routes.signInFrom(routes.checkout)}>Sign in</Link>
          </>
        ) : null}
      </FormStatus>
    </form>
  );
}
