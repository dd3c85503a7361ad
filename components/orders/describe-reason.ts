// The saga stores why an attempt failed as a short phrase ("payment declined: insufficient
// funds"); shown as a sentence.
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
