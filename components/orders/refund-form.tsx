"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import styles from "@/components/orders/orders.module.css";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { refundOrderAction, type RefundState } from "@/lib/actions/refunds";
import { formatMoney } from "@/lib/format";
import { refundLineField } from "@/lib/refunds/schemas";

export interface RefundFormLine {
  orderItemId: string;
  productTitle: string;
  quantity: number;
  /** Units refunded already (or on their way). */
  refundedQuantity: number;
  /** What the line cost after its discounts, in minor units. */
  dueCents: number;
}

export interface RefundFormProps {
  orderId: string;
  /** Fresh for each render of the page: one refund per submission. */
  idempotencyKey: string;
  lines: RefundFormLine[];
  currency: string;
}

/**
 * The owner's refund of their shop's lines: how many units of each (all that is left, by
 * default), and whether they go back on sale. The card is refunded what the units cost after
 * discounts; the customer is told.
 */
export function RefundForm({ orderId, idempotencyKey, lines, currency }: RefundFormProps) {
  const { state, pending, onSubmit } = useActionForm<RefundState>(refundOrderAction, null);
  const errors = state?.ok === false ? state.fieldErrors : {};
  const open = lines.filter((line) => line.quantity > line.refundedQuantity);
  if (open.length === 0) return null;
  return (
    <section className="card" aria-labelledby="refund-title">
      <form onSubmit={onSubmit} method="post" className="form" aria-describedby="refund-status" noValidate data-testid="refund-form">
        <h2 id="refund-title">Refund</h2>
        <input type="hidden" name="orderId" value={orderId} />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <p className="muted">
          Refunds go back to the customer&apos;s card: what the units cost after discounts. Set a line to 0 to leave it as it is.
        </p>
        <div className={styles.refundLines}>
          {open.map((line) => {
            const left = line.quantity - line.refundedQuantity;
            return (
              <Field
                key={line.orderItemId}
                id={`refund-${line.orderItemId}`}
                label={`${line.productTitle}: units to refund`}
                name={refundLineField(line.orderItemId)}
                type="number"
                inputMode="numeric"
                min={0}
                max={left}
                defaultValue={left}
                hint={`${left} of ${line.quantity} left to refund · ${formatMoney(line.dueCents, currency)} for the line`}
              />
            );
          })}
        </div>
        {errors.lines ? <p className="field-error">{errors.lines.join(" ")}</p> : null}
        <label className={styles.check}>
          <input type="checkbox" name="restock" />
          Put the units back on sale (leave unticked for units damaged or kept by the customer)
        </label>
        <Field label="Reason (optional, the customer does not see it)" name="reason" maxLength={200} error={errors.reason} />
        <div>
          <Button type="submit" variant="danger" disabled={pending} aria-busy={pending || undefined}>
            {pending ? "Refunding…" : "Refund"}
          </Button>
        </div>
        <FormStatus id="refund-status" tone={state?.ok === false ? "error" : "success"}>
          {state ? state.message : null}
        </FormStatus>
      </form>
    </section>
  );
}
