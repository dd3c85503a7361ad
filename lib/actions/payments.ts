"use server";
// The simulated bank's check (3-D Secure): the customer completes or fails it, and lands back
// on the order page, which shows the outcome once the webhook has settled the payment.
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { db } from "@/lib/db/client";
import { answerBankCheck, bankCheckSchema } from "@/lib/payments/bank-check";
import { simulatedBankChallenges, usingPaymentSimulator } from "@/lib/payments/stripe-client";
import { routes } from "@/lib/routes";
import { refuse } from "@/lib/steps/result";

export type BankCheckState = ActionResult | null;

export const answerBankCheckAction = defineAction<BankCheckState>()({
  role: "customer",
  schema: bankCheckSchema,
  run: async (input, { user }) =>
    usingPaymentSimulator()
      ? answerBankCheck(db(), simulatedBankChallenges(), { userId: user.id, intentId: input.intentId, passed: input.answer === "complete" })
      : refuse("not-found"),
  refusals: {
    "not-found": "We could not find this payment in your account.",
    "not-waiting": "This payment no longer waits for your bank's check.",
  },
  revalidate: (result) => [routes.order(result.orderId)],
  success: (result) => redirect(routes.order(result.orderId)),
});
