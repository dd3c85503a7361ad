"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { signUpWithLimits } from "@/lib/accounts/sign-up";
import { signUpSchema, type SignUpField } from "@/lib/accounts/sign-up-schema";
import { formFields, type ActionResult } from "@/lib/action-result";
import { clientIp } from "@/lib/auth/client-ip";
import { db } from "@/lib/db";

export type SignUpState = ActionResult<{ email: string }, SignUpField> | null;

// No session to check: signing up is for visitors. The client signs in with the same
// credentials once this succeeds (next-auth v4 sets its cookie only from its own route).
export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const fields = formFields(formData);
  const parsed = signUpSchema.safeParse(fields);
  if (!parsed.success) {
    return { ok: false, message: "Please correct the marked fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const result = await signUpWithLimits(db(), parsed.data, clientIp(await headers()));
  return result.ok ? { ok: true, email: result.email } : { ok: false, message: result.message, fieldErrors: result.fieldErrors };
}
