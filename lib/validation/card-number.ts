// A card number must never reach our server (PCI DSS): cards are typed into Stripe's Payment
// Element, which posts a token, or picked from the test cards, which post a test PaymentMethod
// id. Anything a visitor types that looks like a card number (12-19 digits, spaces or dashes
// between them, passing the Luhn check) is refused before it is parsed, stored or logged, in
// every field but a phone number's. The refusal never repeats the digits.

export const CARD_NUMBER_MESSAGE =
  "This looks like a card number. We never take card numbers in our forms: pay with the card form at checkout, and leave card details out of every other field.";

// Digits with single spaces or dashes between them: the ways a card number is written.
const DIGIT_RUN = /\d(?:[ -]?\d)+/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fields where a long run of digits is expected and is not a card (phone numbers are checked by their own parser). */
const NOT_CARDS = new Set(["phone"]);

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** True when the text holds something written like a card number. */
export function containsCardNumber(text: string): boolean {
  if (UUID.test(text.trim())) return false;
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, "");
    if (digits.length >= 12 && digits.length <= 19 && luhnValid(digits)) return true;
  }
  return false;
}

/** Field errors for every string field of a form's raw input holding a card number; null when none does. */
export function cardNumberFieldErrors(raw: unknown): Record<string, string[]> | null {
  if (!raw || typeof raw !== "object") return null;
  const errors: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (NOT_CARDS.has(key) || typeof value !== "string") continue;
    if (containsCardNumber(value)) errors[key] = [CARD_NUMBER_MESSAGE];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
