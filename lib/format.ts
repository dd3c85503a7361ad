// Display formatting shared by server and client components. One fixed locale, so the
// server's render and the browser's hydration print the same string.
const LOCALE = "en-IE";
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 18900, "EUR" -> "€189.00". */
export function formatMoney(cents: number, currency = "EUR"): string {
  const code = currency.trim().toUpperCase();
  let format = moneyFormats.get(code);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: "currency", currency: code });
    moneyFormats.set(code, format);
  }
  return format.format(cents / 100);
}

/** 3 -> "3 items", 1 -> "1 item". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
