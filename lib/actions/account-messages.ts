// Words for the accounts' reason codes that more than one entry point speaks: the sign-up
// action (lib/actions/accounts.ts) and the sign-in provider (lib/auth/options.ts). A plain
// module, because a "use server" file may export async functions only.
import type { ContactField } from "../accounts/sign-up";

export const CONTACT_TAKEN: Record<ContactField, string> = {
  email: "This email is already registered.",
  phone: "This phone number is already registered.",
};

/** "Too many sign-in attempts. Try again in 42 s." */
export function tooManyAttempts(action: "sign-in" | "sign-up" | "password reset", retryAfterSeconds: number): string {
  return `Too many ${action} attempts. Try again in ${retryAfterSeconds} s.`;
}

/** A reset link that is unknown, used, replaced by a newer one, or past its 30 minutes: all look alike. */
export const RESET_LINK_INVALID = "This link has expired or was already used.";

export const PASSWORD_PERSONAL = "Do not use your name or email in your password.";
