"use client";

import { ConfirmStep, useConfirmStep } from "@/components/dashboard/confirm-step";
import styles from "@/components/discounts/discounts.module.css";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import type { EndState } from "@/lib/actions/discounts";

/** "End now" for a sale or a campaign: asks first (inline, focus on the question), then says what happened. */
export function EndNowButton({
  action,
  idName,
  id,
  question,
  detail,
  ended,
}: {
  action: (state: EndState, formData: FormData) => Promise<EndState>;
  idName: "saleId" | "campaignId";
  id: string;
  /** "End this flash sale now?" */
  question: string;
  /** What ending changes, and what it leaves alone. */
  detail: string;
  /** Over already: nothing to offer, but the answer to our own "End now" stays on screen. */
  ended: boolean;
}) {
  const { state, pending, onSubmit } = useActionForm(action, null);
  const { confirming, ask, cancel, confirmed } = useConfirmStep("end-now", pending);
  if (ended && !state) return null;
  return (
    <form
      onSubmit={(event) => {
        if (!confirming) {
          event.preventDefault();
          ask();
          return;
        }
        confirmed();
        onSubmit(event);
      }}
      className={`stack ${styles.endNow}`}
    >
      <input type="hidden" name={idName} value={id} />
      {ended ? null : confirming ? (
        <ConfirmStep
          id="end-now-confirm"
          question={question}
          detail={detail}
          confirmLabel="End now"
          cancelLabel="Keep it running"
          onCancel={cancel}
        />
      ) : (
        <Button id="end-now" type="submit" variant="danger" disabled={pending || state?.ok} aria-busy={pending || undefined}>
          {pending ? "Ending…" : "End now"}
        </Button>
      )}
      <FormStatus tone={state?.ok ? "success" : "error"}>{state?.message}</FormStatus>
    </form>
  );
}
