"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { answerBankCheckAction, type BankCheckState } from "@/lib/actions/payments";

/** One answer to the simulated bank's check: a form of its own, so each button posts its answer. */
function Answer({
  intentId,
  answer,
  label,
  variant,
}: {
  intentId: string;
  answer: "complete" | "fail";
  label: string;
  variant: "primary" | "secondary";
}) {
  const { state, pending, onSubmit } = useActionForm<BankCheckState>(answerBankCheckAction, null);
  const statusId = `bank-check-${answer}-status`;
  return (
    <form onSubmit={onSubmit} method="post" aria-describedby={statusId}>
      <input type="hidden" name="intentId" value={intentId} />
      <input type="hidden" name="answer" value={answer} />
      <Button type="submit" variant={variant} size="large" disabled={pending} aria-busy={pending || undefined}>
        {label}
      </Button>
      <FormStatus id={statusId} tone="error">
        {state?.ok === false ? state.message : null}
      </FormStatus>
    </form>
  );
}

export function BankChallenge({ intentId }: { intentId: string }) {
  return (
    <div className="actions" data-testid="bank-challenge">
      <Answer intentId={intentId} answer="complete" label="Complete" variant="primary" />
      <Answer intentId={intentId} answer="fail" label="Fail" variant="secondary" />
    </div>
  );
}
