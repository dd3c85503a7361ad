"use client";

import { useActionState, useState } from "react";
import { useSubmitFocus } from "@/components/forms/use-action-form";
import styles from "@/components/orders/orders.module.css";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { cancelOrderAction, type CancelOrderState } from "@/lib/actions/orders";

/** "Cancel order", asked twice: the first click only asks whether the customer means it. */
export function CancelOrderForm({ orderId }: { orderId: string }) {
  const [state, action, pending] = useActionState<CancelOrderState, FormData>(cancelOrderAction, null);
  const [confirming, setConfirming] = useState(false);
  const trackSubmit = useSubmitFocus(state);
  return (
    <div className={styles.payForm}>
      <h3>Changed your mind?</h3>
      {confirming ? (
        <form
          action={action}
          onSubmit={trackSubmit}
          className={styles.confirm}
          aria-describedby="cancel-order-status"
          data-testid="cancel-order-confirm"
        >
          <input type="hidden" name="orderId" value={orderId} />
          <p>Cancel this order? Nothing was charged, and its items go back on sale for others.</p>
          <div className={styles.buttons}>
            <Button type="submit" variant="danger" disabled={pending} aria-busy={pending || undefined}>
              {pending ? "Cancelling…" : "Yes, cancel the order"}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
              Keep the order
            </Button>
          </div>
        </form>
      ) : (
        <div>
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Cancel order
          </Button>
        </div>
      )}
      <FormStatus id="cancel-order-status" tone={state?.ok === false ? "error" : "success"}>
        {state ? state.message : null}
      </FormStatus>
    </div>
  );
}
