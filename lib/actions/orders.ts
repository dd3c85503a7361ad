"use server";
// The customer's actions on an unpaid order: pay it again with another card after a decline
// (a new checkout saga, until the deadline), or cancel it. The order's owner is decided by
// each step's WHERE clause, with the user from the session.
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { dropGateLinesMessage } from "@/lib/actions/messages";
import { orderPaths } from "@/lib/actions/order-paths";
import { checkoutOptions } from "@/lib/checkout/config";
import { payOrderAgain } from "@/lib/checkout/start-checkout";
import { db } from "@/lib/db/client";
import { pluralize } from "@/lib/format";
import { runCancelOrderByCustomer } from "@/lib/orders/cancel";
import { orderIdSchema, payAgainSchema, type PayAgainField } from "@/lib/orders/schemas";
import { routes } from "@/lib/routes";

export type PayAgainState = ActionResult<object, PayAgainField> | null;
export type CancelOrderState = ActionResult | null;

const NOT_YOURS = "We could not find this order in your account.";
const NOT_PENDING = "This order is no longer waiting for payment.";
const IN_PROGRESS = "A payment for this order is under way. This page updates when your bank answers.";

export const payOrderAgainAction = defineAction<PayAgainState>()({
  role: "customer",
  schema: payAgainSchema,
  run: (input, { user }) =>
    payOrderAgain(
      db(),
      { userId: user.id, orderId: input.orderId, idempotencyKey: input.idempotencyKey, card: input.paymentMethod },
      checkoutOptions(),
    ),
  refusals: {
    "not-found": NOT_YOURS,
    "not-pending": NOT_PENDING,
    "past-deadline": "The time to pay this order has run out. It is being cancelled and its items go back on sale.",
    "payment-in-progress": IN_PROGRESS,
    "drop-join-line": ({ lines }) => dropGateLinesMessage("drop-join-line", "checkout", lines),
    "drop-wait-turn": ({ lines }) => dropGateLinesMessage("drop-wait-turn", "checkout", lines),
    "drop-turn-ended": ({ lines }) => dropGateLinesMessage("drop-turn-ended", "checkout", lines),
  },
  revalidate: (_, input) => orderPaths(input.orderId),
  // A fresh render of the order page: the outcome, and a new key for any next attempt.
  success: (result) => redirect(routes.order(result.orderId)),
});

export const cancelOrderAction = defineAction<CancelOrderState>()({
  role: "customer",
  schema: orderIdSchema,
  run: (input, { user }) => runCancelOrderByCustomer(db(), { userId: user.id, orderId: input.orderId }),
  refusals: { "not-found": NOT_YOURS, "not-pending": NOT_PENDING, "payment-in-progress": IN_PROGRESS },
  revalidate: (_, input) => orderPaths(input.orderId),
  success: (result) => ({
    message:
      result.unitsReturned > 0
        ? `Order cancelled. ${pluralize(result.unitsReturned, "item")} went back on sale; nothing was charged.`
        : "Order cancelled. Nothing was charged.",
  }),
});
