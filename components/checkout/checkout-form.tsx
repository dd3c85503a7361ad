"use client";

import Link from "next/link";
import { useRef } from "react";
import styles from "@/components/checkout/checkout.module.css";
import { PaymentMethodField, type PreparePayment } from "@/components/checkout/payment-method-field";
import { SoldOutNotice } from "@/components/checkout/sold-out-notice";
import { CouponField, type CouponChoice } from "@/components/discounts/coupon-field";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { checkoutAction, type CheckoutState } from "@/lib/actions/checkout";
import type { ShippingAddress } from "@/lib/orders/place-order";
import { SHIPPING_COUNTRIES } from "@/lib/orders/schemas";
import type { PaymentCollector } from "@/lib/payments/collector";
import { routes } from "@/lib/routes";

export interface CheckoutFormProps {
  /** A fresh key for every render of the page: one order per submission of it. */
  idempotencyKey: string;
  email: string;
  address: ShippingAddress;
  /** "€90.00": what the button says it pays, at most. */
  totalLabel: string;
  totalCents: number;
  currency: string;
  /** How the card is collected: Stripe's Payment Element, or the test-card picker. */
  collector: PaymentCollector;
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
  totalCents,
  currency,
  collector,
  coupons = [],
  saleLines = [],
}: CheckoutFormProps) {
  const note = discountNote(totalLabel, saleLines, coupons.length > 0);
  const preparePayment = useRef<PreparePayment | null>(null);
  const { state, pending, onSubmit, clientError } = useActionForm<CheckoutState>(checkoutAction, null, {
    prepare: (formData) => preparePayment.current?.(formData) ?? Promise.resolve(null),
  });
  const errors = state?.ok === false ? state.fieldErrors : {};
  const soldOut = state?.ok === false ? state.soldOut : undefined;

  // method="post": a submit before hydration must not put the address in a URL.
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
        <PaymentMethodField
          collector={collector}
          amountCents={totalCents}
          currency={currency}
          error={errors.paymentMethod}
          prepareRef={preparePayment}
        />
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
        {clientError ?? (state?.ok === false && !(soldOut && state.reason === "sold-out") ? state.message : null)}
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
