"use server";
// Signing up, and resetting a forgotten password. No session to check: these are for
// visitors. The client signs in with the same credentials once sign-up succeeds (next-auth v4
// sets its cookie only from its own route).
import { headers } from "next/headers";
import {
  forgotPasswordSchema,
  requestPasswordReset,
  resetPassword,
  resetPasswordSchema,
  type ResetPasswordField,
} from "@/lib/accounts/password-reset";
import { signUpSchema, type SignUpField } from "@/lib/accounts/schemas";
import { signUpWithLimits } from "@/lib/accounts/sign-up";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction, INVALID_INPUT } from "@/lib/actions/define-action";
import { CONTACT_TAKEN, PASSWORD_PERSONAL, RESET_LINK_INVALID, tooManyAttempts } from "@/lib/actions/messages";
import { clientIp } from "@/lib/auth/client-ip";
import { db } from "@/lib/db/client";
import { devMailPageEnabled } from "@/lib/notifications/dev-outbox";

export type SignUpState = ActionResult<{ email: string }, SignUpField> | null;

export const signUpAction = defineAction<SignUpState>()({
  role: "visitor",
  schema: signUpSchema,
  // Malformed input never gets here, so it is answered without counting an attempt.
  run: async (input) => signUpWithLimits(db(), input, clientIp(await headers())),
  refusals: {
    "contact-taken": ({ taken }) => ({
      message: INVALID_INPUT,
      fieldErrors: Object.fromEntries(taken.map((field) => [field, [CONTACT_TAKEN[field]]])),
    }),
    "rate-limited": ({ retryAfterSeconds }) => tooManyAttempts("sign-up", retryAfterSeconds),
  },
  success: (result) => ({ email: result.email }),
});

/** `devMail`: the link is on the development outbox page (no mail service is configured). */
export type ForgotPasswordState = ActionResult<{ devMail: boolean }, "email"> | null;

export const forgotPasswordAction = defineAction<ForgotPasswordState>()({
  role: "visitor",
  schema: forgotPasswordSchema,
  run: async (input) => requestPasswordReset(db(), input, clientIp(await headers())),
  refusals: { "rate-limited": ({ retryAfterSeconds }) => tooManyAttempts("password reset", retryAfterSeconds) },
  // The same answer whether or not the email has an account: the form words it.
  success: () => ({ devMail: devMailPageEnabled() }),
});

export type ResetPasswordState = ActionResult<object, ResetPasswordField> | null;

export const resetPasswordAction = defineAction<ResetPasswordState>()({
  role: "visitor",
  schema: resetPasswordSchema,
  run: (input) => resetPassword(db(), input),
  refusals: {
    "link-invalid": RESET_LINK_INVALID,
    "password-personal": { message: INVALID_INPUT, fieldErrors: { password: [PASSWORD_PERSONAL] } },
  },
  success: () => ({}),
});
