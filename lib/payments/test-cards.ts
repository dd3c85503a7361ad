// Stripe's own test cards, and the test PaymentMethod each one stands for. Without Stripe keys
// the checkout's test-card picker offers these; the browser sends the PaymentMethod id
// (`pm_card_visa`, ...), never a number, and Stripe's test mode and our simulator both
// understand it. (With keys, Stripe's Payment Element collects the card in the browser.)
//
// Two behaviours are the simulator's own, because Stripe has no card for them: Stripe's Visa
// debit card confirms later, by webhook, and its Mastercard debit card is captured but the
// answer is lost on the way back. Against real Stripe both simply succeed at once, which the
// checkout handles like any success, so the provider's final state is the same either way.

/** What a test card does in the simulator. */
export type TestCardOutcome = "succeeds" | "declined" | "confirms_later" | "no_answer" | "authenticates";

export interface TestCard {
  /** Shown on the picker (public test numbers); never sent anywhere. */
  number: string;
  last4: string;
  brand: "visa" | "mastercard";
  /** Stripe's test PaymentMethod for this card. */
  paymentMethod: string;
  outcome: TestCardOutcome;
  /** Stripe's decline code, for declined cards. */
  declineCode?: "generic_decline" | "insufficient_funds";
  /** What the card does, for the list shown on the checkout page outside production. */
  label: string;
}

export const TEST_CARDS: readonly TestCard[] = [
  {
    number: "4242424242424242",
    last4: "4242",
    brand: "visa",
    paymentMethod: "pm_card_visa",
    outcome: "succeeds",
    label: "Payment succeeds",
  },
  {
    number: "5555555555554444",
    last4: "4444",
    brand: "mastercard",
    paymentMethod: "pm_card_mastercard",
    outcome: "succeeds",
    label: "Payment succeeds",
  },
  {
    number: "4000000000000002",
    last4: "0002",
    brand: "visa",
    paymentMethod: "pm_card_visa_chargeDeclined",
    outcome: "declined",
    declineCode: "generic_decline",
    label: "Declined (card_declined)",
  },
  {
    number: "4000000000009995",
    last4: "9995",
    brand: "visa",
    paymentMethod: "pm_card_visa_chargeDeclinedInsufficientFunds",
    outcome: "declined",
    declineCode: "insufficient_funds",
    label: "Declined (insufficient_funds)",
  },
  {
    number: "4000056655665556",
    last4: "5556",
    brand: "visa",
    paymentMethod: "pm_card_visa_debit",
    outcome: "confirms_later",
    label: "Confirmation arrives later, by webhook (simulator; Stripe test mode succeeds at once)",
  },
  {
    number: "5200828282828210",
    last4: "8210",
    brand: "mastercard",
    paymentMethod: "pm_card_mastercard_debit",
    outcome: "no_answer",
    label: "Captured, but the provider's answer is lost (simulator; Stripe test mode succeeds at once)",
  },
  {
    number: "4000002760003184",
    last4: "3184",
    brand: "visa",
    paymentMethod: "pm_card_authenticationRequired",
    outcome: "authenticates",
    label: "Your bank asks you to confirm (3-D Secure): complete or fail the check",
  },
];

// Stripe's older names for the same test PaymentMethods, accepted by the simulator too.
const ALIASES: Record<string, string> = {
  pm_card_chargeDeclined: "pm_card_visa_chargeDeclined",
  pm_card_chargeDeclinedInsufficientFunds: "pm_card_visa_chargeDeclinedInsufficientFunds",
};

/** The test card behind a test PaymentMethod id (the simulator's view of a card). */
export function testCardByPaymentMethod(id: string): TestCard | null {
  const canonical = ALIASES[id] ?? id;
  return TEST_CARDS.find((card) => card.paymentMethod === canonical) ?? null;
}

/** "4242 4242 4242 4242", for display. */
export function formatCardNumber(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, "$1 ");
}
