// PostgreSQL text cannot hold the NUL character (U+0000): a statement carrying one fails
// with "invalid byte sequence", which would surface as a 500. Every text that reaches the
// database from a visitor is checked here first: form fields are refused as field errors
// (the action wrapper), search parameters are cleaned (nobody means to search for a NUL).

export const NUL_MESSAGE = "Remove the invisible control character (NUL) from this field.";

const NUL = /\u0000/;

export function hasNul(value: string): boolean {
  return NUL.test(value);
}

/** Field errors for every string field of a form's raw input holding a NUL; null when none does. */
export function nulFieldErrors(raw: unknown): Record<string, string[]> | null {
  if (!raw || typeof raw !== "object") return null;
  const errors: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === "string" && hasNul(value)) errors[key] = [NUL_MESSAGE];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** A search parameter fit for a query: first value, control characters dropped, trimmed, bounded. */
export function cleanSearchParam(value: string | string[] | undefined, max = 200): string {
  const first = Array.isArray(value) ? value[0] : value;
  return (first ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, max);
}
