"use server";
// Signing up. No session to check: signing up is for visitors. The client signs in with the
// same credentials once this succeeds (next-auth v4 sets its cookie only from its own route).
import { headers } from "next/headers";
import { signUpWithLimits } from "../accounts/sign-up";
import { signUpSchema, type SignUpField } from "../accounts/sign-up-schema";
import type { ActionResult } from "../action-result";
import { clientIp } from "../auth/client-ip";
import { db } from "../db";
import { CONTACT_TAKEN, tooManyAttempts } from "./account-messages";
import { defineAction, INVALID_INPUT } from "./define-action";

export type SignUpState = ActionResult<{ email: string }, SignUpField> | null;

const signUp = defineAction<SignUpState>()({
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

// "use server" files export async functions only: the action is a thin async shell.
export async function signUpAction(previous: SignUpState, formData: FormData): Promise<SignUpState> {
  return signUp(previous, formData);
}
