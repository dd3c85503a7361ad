// What makes a password acceptable. No dependencies, so the sign-up form can show the same
// rules the server enforces.
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

// The most used passwords that pass the length rule: NIST SP 800-63B asks for a blocklist
// rather than composition rules.
const COMMON_PASSWORDS = new Set([
  "1234567890",
  "12345678910",
  "0123456789",
  "1111111111",
  "0000000000",
  "qwertyuiop",
  "password12",
  "password123",
  "password1234",
  "passw0rd123",
  "iloveyou123",
  "qwerty1234",
  "qwerty12345",
  "1q2w3e4r5t",
  "abcdefghij",
  "abc1234567",
  "letmein123",
  "welcome123",
  "football123",
  "baseball123",
  "monkey1234",
  "dragon1234",
  "sunshine123",
  "princess123",
  "administrator",
  "changeme123",
  "trustno1234",
]);

/** Why a password is too weak on its own, or null. */
export function passwordWeakness(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return "This password is too common. Choose something less guessable.";
  if (new Set(lowered).size < 4) return "Use more different characters.";
  return null;
}

/** True when the password contains the user's name or the local part of their email. */
export function passwordMentions(password: string, contacts: string[]): boolean {
  const lowered = password.toLowerCase();
  return contacts.some((contact) => {
    const part = contact.toLowerCase().split("@")[0]?.trim() ?? "";
    return part.length >= 4 && lowered.includes(part);
  });
}
