// Why a checkout attempt failed, as a code with the details that explain it (stored on the saga
// and on the order as failure_code + failure_detail). Codes, never words: the app words them
// (components/orders/describe-failure.ts), and so can a notification or a log line.
import { z } from "zod";

const soldOutLine = z.object({ listingId: z.string(), productTitle: z.string(), wanted: z.number(), available: z.number() });

export const checkoutFailure = z.discriminatedUnion("code", [
  /** RESERVE: some units are gone (paying again after a decline found them sold). */
  z.object({ code: z.literal("sold-out"), lines: z.array(soldOutLine) }),
  /** RESERVE: the order's time to pay ran out. */
  z.object({ code: z.literal("past-deadline") }),
  /** RESERVE: the order was cancelled or paid meanwhile. */
  z.object({ code: z.literal("not-pending") }),
  /** PAYMENT: the card was declined (the provider's decline code and words). */
  z.object({ code: z.literal("card-declined"), declineCode: z.string(), message: z.string() }),
  /** PAYMENT: the customer did not pass the bank's check (3-D Secure failed). */
  z.object({ code: z.literal("authentication-failed") }),
  /** PAYMENT: the customer never answered the bank's check within PAYMENT_ACTION_TIMEOUT. */
  z.object({ code: z.literal("authentication-abandoned") }),
  /** PAYMENT: the card or payment method cannot pay here (not accepted by the provider). */
  z.object({ code: z.literal("payment-method-refused"), message: z.string() }),
  /** CONFIRM: the payment came after the order could no longer be kept (it is refunded). */
  z.object({ code: z.literal("payment-too-late"), reason: z.string() }),
  /** A failure recorded in words before codes existed. */
  z.object({ code: z.literal("other"), text: z.string().optional() }),
]);

export type CheckoutFailure = z.infer<typeof checkoutFailure>;

/** The columns' pair as one value; an unknown or malformed one reads as "other". */
export function readFailure(code: string | null, detail: unknown): CheckoutFailure | null {
  if (code === null) return null;
  const parsed = checkoutFailure.safeParse({ ...(detail && typeof detail === "object" ? detail : {}), code });
  return parsed.success ? parsed.data : { code: "other" };
}

/** The failure as its two columns: the code, and the rest as the detail. */
export function failureColumns(failure: CheckoutFailure): { code: string; detail: string } {
  const { code, ...detail } = failure;
  return { code, detail: JSON.stringify(detail) };
}

/** Failures that came from the card or the bank's check: the order stays payable with another card. */
export function isPaymentFailure(failure: CheckoutFailure): boolean {
  return ["card-declined", "authentication-failed", "authentication-abandoned", "payment-method-refused"].includes(failure.code);
}
