"use client";

import { useRef } from "react";
import { PaymentMethodField, type PreparePayment } from "@/components/checkout/payment-method-field";
import { useActionForm } from "@/components/forms/use-action-form";
import styles from "@/components/orders/orders.module.css";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { payOrderAgainAction, type PayAgainState } from "@/lib/actions/orders";
import type { PaymentCollector } from "@/lib/payments/collector";

export interface PayAgainFormProps {
  orderId: string;
  /** Fresh for each render of the order page: one payment attempt per submission. */
  idempotencyKey: string;
  /** The order's total, "€90.00": the most this attempt charges (a flash-sale slot may still come off). */
  totalLabel: string;
  totalCents: number;
  currency: string;
  collector: PaymentCollector;
}

/** "Pay with another card": a new checkout attempt for this order, until its deadline. */
export function PayAgainForm({ orderId, idempotencyKey, totalLabel, totalCents, currency, collector }: PayAgainFormProps) {
  const preparePayment = useRef<PreparePayment | null>(null);
  const { state, pending, onSubmit, clientError } = useActionForm<PayAgainState>(payOrderAgainAction, null, {
    prepare: (formData) => preparePayment.current?.(formData) ?? Promise.resolve(null),
  });
  const errors = state?.ok === false ? state.fieldErrors : {};
  return (
    <form
      onSubmit={onSubmit}
      method="post"
      className={styles.payForm}
      aria-labelledby="pay-again-title"
      aria-describedby="pay-again-note pay-again-status"
      noValidate
      data-testid="pay-again"
    >
      <h3 id="pay-again-title">Pay with another card</h3>
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <PaymentMethodField
        collector={collector}
        amountCents={totalCents}
        currency={currency}
        error={errors.paymentMethod}
        prepareRef={preparePayment}
        idPrefix="pay-again"
      />
      <Button type="submit" size="large" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Paying…" : `Pay ${totalLabel}`}
      </Button>
      <p id="pay-again-note" className="muted" data-testid="pay-again-note">
        You pay at most {totalLabel}. If a flash-sale slot for an item is still left when you pay, its sale price comes off before the card
        is charged.
      </p>
      <FormStatus id="pay-again-status" tone="error">
        {clientError ?? (state?.ok === false ? state.message : null)}
      </FormStatus>
    </form>
  );
}
