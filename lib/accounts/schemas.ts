// What a sign-up must contain. The form's action parses with it once; lib/accounts/sign-up
// takes its output. Parsing also normalises: the email trimmed and lower-cased, the phone in
// E.164.
import { z } from "zod";
import { normalizeEmail, normalizePhone } from "@/lib/accounts/normalize";
import { passwordMentions, passwordWeakness } from "@/lib/accounts/password-policy";

/** An email address as every form takes it: trimmed, checked, normalised (lower-cased). */
export const emailField = z
  .string()
  .trim()
  .min(1, "Please enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like name@example.com."))
  .transform(normalizeEmail);

export const signUpSchema = z
  .object({
    name: z.string().trim().min(1, "Please enter your name.").max(100, "Use at most 100 characters."),
    email: emailField,
    phone: z
      .string()
      .trim()
      .min(1, "Please enter your phone number.")
      .max(32, "That phone number is too long.")
      .transform((value, ctx) => {
        const e164 = normalizePhone(value);
        if (!e164) {
          ctx.addIssue({ code: "custom", message: "Enter a valid phone number, with its country code (e.g. +358 40 123 4567)." });
          return z.NEVER;
        }
        return e164;
      }),
    password: z.string().superRefine((password, ctx) => {
      const weakness = passwordWeakness(password);
      if (weakness) ctx.addIssue({ code: "custom", message: weakness });
    }),
  })
  .superRefine((value, ctx) => {
    if (passwordMentions(value.password, [value.name, value.email])) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "Do not use your name or email in your password." });
    }
  });

export type SignUpInput = z.input<typeof signUpSchema>;
export type SignUpData = z.output<typeof signUpSchema>;
export type SignUpField = keyof SignUpInput;
