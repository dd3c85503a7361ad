"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { stripeFor } from "@/components/checkout/stripe-js";
import { Button } from "@/components/ui/button";
import type { NextAction } from "@/lib/payments/payments";

export interface BankCheckProps {
  action: NextAction;
  /** Needed when Stripe.js runs the check in the page. */
  publishableKey: string | null;
}

/**
 * "Confirm with your bank" (3-D Secure): a link to the bank's page (the simulator's challenge,
 * or a bank that sends the customer back here), or Stripe.js showing the bank's check in the
 * page. The order page keeps polling meanwhile; the webhook or the sweep settles the payment.
 */
export function BankCheck({ action, publishableKey }: BankCheckProps) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (action.kind === "redirect") {
    return (
      <a className="button button--primary button--large" href={action.url} data-testid="bank-check">
        Confirm with your bank
      </a>
    );
  }

  async function openCheck() {
    if (action.kind !== "stripe-js" || !publishableKey) return;
    setBusy(true);
    setProblem(null);
    try {
      const stripe = await stripeFor(publishableKey);
      if (!stripe) throw new Error("Stripe.js did not load");
      const answer = await stripe.handleNextAction({ clientSecret: action.clientSecret });
      if (answer.error) setProblem(answer.error.message ?? "Your bank did not confirm the payment.");
    } catch {
      setProblem("We could not open your bank's check. Reload the page to try again.");
    } finally {
      setBusy(false);
      router.refresh();
    }
  }

  return (
    <>
      <Button
        type="button"
        size="large"
        onClick={() => void openCheck()}
        disabled={busy}
        aria-busy={busy || undefined}
        data-testid="bank-check"
      >
        {busy ? "Waiting for your bank…" : "Confirm with your bank"}
      </Button>
      {problem ? (
        <p className="status status--error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
