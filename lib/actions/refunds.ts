"use server";
// An owner refunds their shop's lines of a paid order (lib/refunds): the shop from the session,
// the order and the units from the form. The provider's refund happens inside the step; the
// page shows it once settled.
import { formFields, type ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { checkoutOptions } from "@/lib/checkout/config";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/format";
import { refundOrder } from "@/lib/refunds/refund-order";
import { refundFormInput, refundSchema, type RefundField } from "@/lib/refunds/schemas";
import { routes } from "@/lib/routes";

export type RefundState = ActionResult<object, RefundField> | null;

export const refundOrderAction = defineAction<RefundState>()({
  role: "owner",
  schema: refundSchema,
  input: (formData) => refundFormInput(formFields(formData)),
  run: (input, { user }) =>
    refundOrder(db(), checkoutOptions().gateway, {
      shopId: user.shop.id,
      actorId: user.id,
      orderId: input.orderId,
      idempotencyKey: input.idempotencyKey,
      lines: input.lines,
      restock: input.restock,
      reason: input.reason,
    }),
  refusals: {
    "not-found": "This order has none of your shop's items.",
    "not-paid": "Only a paid order can be refunded.",
    "nothing-to-refund": {
      message: "Choose at least one unit to refund.",
      fieldErrors: { lines: ["Choose at least one unit to refund."] },
    },
    "too-many": ({ lines }) => ({
      message: `More units than are left to refund: ${lines.map((line) => `${line.productTitle} (${line.left} left)`).join(", ")}.`,
    }),
    "over-captured": ({ leftCents, currency }) =>
      `Only ${formatMoney(leftCents, currency)} of the payment is left to refund (part was refunded in the payment provider's dashboard).`,
    "provider-refused": "The payment provider refused the refund, so nothing was refunded. Its dashboard says why.",
  },
  revalidate: (_, input) => [routes.dashboardOrder(input.orderId), routes.order(input.orderId), routes.dashboardOrders],
  success: (result) => ({
    message:
      result.status === "SUCCEEDED"
        ? `Refunded ${formatMoney(result.amountCents, result.currency)} to the customer's card.`
        : `The refund of ${formatMoney(result.amountCents, result.currency)} is asked of the payment provider; this page shows it once confirmed.`,
  }),
});
