// The back-in-stock notification's words, around the time the reserved unit is held until:
// the stored body (also the mail) puts that time in UTC, the app the reader's own zone.
export function backInStockWords(productTitle: string): { before: string; after: string } {
  return { before: `${productTitle} is back — 1 is reserved in your cart until `, after: "." };
}
