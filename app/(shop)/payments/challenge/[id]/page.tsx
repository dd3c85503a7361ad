// The simulator's stand-in for a bank's 3-D Secure page (Stripe's test card 4000 0027 6000
// 3184): only while payments go to the simulator, and only for the customer whose order the
// payment belongs to. With Stripe, the customer's real bank shows its own check instead.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BankChallenge } from "@/components/payments/bank-challenge";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/format";
import { findBankCheck } from "@/lib/payments/bank-check";
import { challengePath } from "@/lib/payments/simulator-account";
import { usingPaymentSimulator } from "@/lib/payments/stripe-client";

export const metadata: Metadata = { title: "Confirm your payment" };
export const dynamic = "force-dynamic";

export default async function BankChallengePage({ params }: { params: Promise<{ id: string }> }) {
  if (!usingPaymentSimulator()) notFound();
  const { id } = await params;
  const user = await requireUser(challengePath(id));
  const check = /^pi_[A-Za-z0-9]{1,64}$/.test(id) ? await findBankCheck(db(), user.id, id) : null;
  if (!check) notFound();
  return (
    <div className="stack">
      <div className="page-header">
        <h1>Confirm your payment</h1>
      </div>
      <section className="card stack" aria-labelledby="bank-check-title">
        <h2 id="bank-check-title">Test bank: 3-D Secure check</h2>
        <p>
          The shop asks to charge <strong>{formatMoney(check.amountCents, check.currency)}</strong> to your card. Your bank would now ask
          you to confirm it is you (a code, or its app).
        </p>
        <p className="muted">This page stands in for the bank in test mode: no real bank is asked and no money moves.</p>
        <BankChallenge intentId={check.intentId} />
      </section>
    </div>
  );
}
