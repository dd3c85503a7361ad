"use client";

import { CardNumberField } from "@/components/checkout/card-number-field";
import { useActionForm } from "@/components/forms/use-action-form";
import styles from "@/components/orders/orders.module.css";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { payOrderAgainAction, type PayAgainState } from "@/lib/actions/orders";

export interface PayAgainFormProps {
  orderId: string;
  /** Fresh for each render of the order page: one payment attempt per submission. */
  idempotencyKey: string;
  /** "€90.00". */
  totalLabel: string;
  showTestCards: boolean;
}

/** "Pay with another card": a new checkout attempt for this order, until its deadline. */
export function PayAgainForm({ orderId, idempotencyKey, totalLabel, showTestCards }: PayAgainFormProps) {
  const { state, pending, onSubmit } = useActionForm<PayAgainState>(payOrderAgainAction, null);
  const errors = state?.ok === false ? state.fieldErrors : {};
  return (
    <form
      onSubmit={onSubmit}
      method="post"
      className={styles.payForm}
      aria-labelledby="pay-again-title"
      aria-describedby="pay-again-status"
      noValidate
      data-testid="pay-again"
    >
      <h3 id="pay-again-title">Pay with another card</h3>
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <CardNumberField id="pay-again-card" error={errors.cardNumber} showTestCards={showTestCards} />
      <Button type="submit" size="large" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Paying…" : `Pay ${totalLabel}`}
      </Button>
      <FormStatus id="pay-again-status" tone="error">
        {state?.ok === false ? state.message : null}
      </FormStatus>
    </form>
  );
}
