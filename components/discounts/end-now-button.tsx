"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import type { EndState } from "@/lib/actions/discounts";

/** "End now" for a sale or a campaign: asks first, then says what happened. */
export function EndNowButton({
  action,
  idName,
  id,
  question,
}: {
  action: (state: EndState, formData: FormData) => Promise<EndState>;
  idName: "saleId" | "campaignId";
  id: string;
  question: string;
}) {
  const { state, pending, onSubmit } = useActionForm(action, null);
  return (
    <form
      onSubmit={(event) => {
        if (!window.confirm(question)) event.preventDefault();
        else onSubmit(event);
      }}
      className="stack"
    >
      <input type="hidden" name={idName} value={id} />
      <Button type="submit" variant="danger" disabled={pending || state?.ok} aria-busy={pending || undefined}>
        {pending ? "Ending…" : "End now"}
      </Button>
      <FormStatus tone={state?.ok ? "success" : "error"}>{state?.message}</FormStatus>
    </form>
  );
}
