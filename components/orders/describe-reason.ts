// An order's cancel reason is stored as a short phrase ("cancelled by the customer"); shown as
// a sentence. (A checkout attempt's failure is a code, worded by checkoutFailureMessage.)
export function describeReason(reason: string): string {
  const text = reason.trim();
  if (!text) return "";
  const sentence = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** "visa" -> "Visa". */
export function cardBrandName(brand: string | null): string {
  if (!brand) return "Card";
  if (brand === "mastercard") return "Mastercard";
  if (brand === "amex") return "American Express";
  return brand[0]!.toUpperCase() + brand.slice(1);
}
