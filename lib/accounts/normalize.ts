// How contacts are compared: one normal form each, used for storage, claims and sign-in.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** E.164 ("+358401234567"), or null when the number is not a valid phone number. */
export function normalizePhone(raw: string, defaultCountry: CountryCode = "FI"): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}
