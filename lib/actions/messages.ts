// Words for reason codes that more than one entry point speaks. A plain module, because a
// "use server" file may export async functions only; each action's own table of words stays
// beside the action (its `refusals`).
import type { ContactField } from "@/lib/accounts/sign-up";
import type { CheckoutFailure } from "@/lib/checkout/failures";
import type { CouponCheck } from "@/lib/coupons/redeem";
import type { DropGateReason } from "@/lib/drops/gate";
import { formatMoney } from "@/lib/format";

// ───────────── accounts: the sign-up action (lib/actions/accounts.ts) and the sign-in provider (lib/auth/options.ts) ─────────────

export const CONTACT_TAKEN: Record<ContactField, string> = {
  email: "This email is already registered.",
  phone: "This phone number is already registered.",
};

/** "Too many sign-in attempts. Try again in 42 s." */
export function tooManyAttempts(action: "sign-in" | "sign-up" | "password reset" | "join", retryAfterSeconds: number): string {
  return `Too many ${action} attempts. Try again in ${retryAfterSeconds} s.`;
}

/** A reset link that is unknown, used, replaced by a newer one, or past its 30 minutes: all look alike. */
export const RESET_LINK_INVALID = "This link has expired or was already used.";

export const PASSWORD_PERSONAL = "Do not use your name or email in your password.";

// ───────────── coupons: why a code cannot be used (the checkout action, and any form that takes a code) ─────────────

export function couponRefusalMessage(refusal: Extract<CouponCheck, { ok: false }>): string {
  switch (refusal.reason) {
    case "unknown-code":
      return "We do not know this code among your coupons. Pick one from your coupons, or check for typos.";
    case "already-used":
      return "This coupon has already been used.";
    case "not-started":
      return "This coupon is not valid yet.";
    case "expired":
      return "This coupon has expired.";
    case "not-in-scope":
      return "This coupon does not apply to anything in your cart.";
    case "below-minimum":
      return `This coupon needs an order of ${formatMoney(refusal.minOrderCents)} or more of what it applies to (you have ${formatMoney(refusal.scopeCents)}).`;
  }
}

// ───────────── drops: why a drop's line refused (add to cart, checkout, a coupon claim) ─────────────

const DROP_DOING = { add: "add it to your cart", checkout: "check it out", claim: "claim a coupon" } as const;

export function dropGateMessage(reason: DropGateReason, doing: keyof typeof DROP_DOING): string {
  switch (reason) {
    case "drop-join-line":
      return `This is a drop with a waiting line: join the line, and you can ${DROP_DOING[doing]} when it's your turn.`;
    case "drop-wait-turn":
      return `You're in the line: you can ${DROP_DOING[doing]} when it's your turn. We'll tell you on this page and in your notifications.`;
    case "drop-turn-ended":
      return `Your turn in the line is over, so you can no longer ${DROP_DOING[doing]} while the drop runs.`;
  }
}

/** The refusal naming the products held back: "Running Shoe: This is a drop with a waiting line: …". */
export function dropGateLinesMessage(
  reason: DropGateReason,
  doing: keyof typeof DROP_DOING,
  lines: readonly { productTitle: string }[],
): string {
  const names = lines.map((line) => line.productTitle).join(", ");
  return names ? `${names}: ${dropGateMessage(reason, doing)}` : dropGateMessage(reason, doing);
}

/** A message table's entries for the drop line's refusals. */
export function dropGateRefusals(doing: keyof typeof DROP_DOING): Record<DropGateReason, string> {
  return {
    "drop-join-line": dropGateMessage("drop-join-line", doing),
    "drop-wait-turn": dropGateMessage("drop-wait-turn", doing),
    "drop-turn-ended": dropGateMessage("drop-turn-ended", doing),
  };
}

// ───────────── checkout: why an attempt failed (the order pages, the checkout timeline, notifications) ─────────────

/** "Your card was declined (insufficient funds)." What went wrong, in one sentence, to the customer or about them. */
export function checkoutFailureMessage(failure: CheckoutFailure, audience: "customer" | "owner" = "customer"): string {
  const your = audience === "customer" ? "Your" : "The customer's";
  switch (failure.code) {
    case "sold-out":
      return `Sold out while paying: ${failure.lines.map((line) => line.productTitle).join(", ")}.`;
    case "past-deadline":
      return "The time to pay this order ran out.";
    case "not-pending":
      return "The order was no longer waiting for payment.";
    case "card-declined":
      return `${your} card was declined (${DECLINE_WORDS[failure.declineCode] ?? sentenceCase(failure.message)}).`;
    case "authentication-failed":
      return `${your} bank's check of the payment (3-D Secure) was not passed.`;
    case "authentication-abandoned":
      return `${your} bank's check of the payment (3-D Secure) was not answered in time.`;
    case "payment-method-refused":
      return `This card cannot pay here (${sentenceCase(failure.message)}).`;
    case "payment-too-late":
      return "The payment arrived after the order could no longer be kept, so it was refunded.";
    case "other":
      return failure.text ? `${sentenceCase(failure.text)}${/[.!?]$/.test(failure.text) ? "" : "."}` : "The payment did not go through.";
  }
}

// The provider's decline codes (https://docs.stripe.com/declines/codes) a customer can act on.
const DECLINE_WORDS: Record<string, string> = {
  insufficient_funds: "insufficient funds",
  generic_decline: "declined by your bank",
  card_declined: "declined by your bank",
  do_not_honor: "declined by your bank",
  expired_card: "the card has expired",
  incorrect_cvc: "wrong security code",
  card_velocity_exceeded: "over the card's limit",
  lost_card: "declined by your bank",
  stolen_card: "declined by your bank",
};

function sentenceCase(text: string): string {
  const trimmed = text.trim().replace(/[.!?]+$/, "");
  return trimmed ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : "no reason given";
}
