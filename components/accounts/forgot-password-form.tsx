"use client";

import Link from "next/link";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { forgotPasswordAction, type ForgotPasswordState } from "@/lib/actions/accounts";
import { routes } from "@/lib/routes";

// The same words whether or not an account uses the email: the page tells nobody who has one.
export const RESET_LINK_SENT = "If an account uses that email, we've sent a link to reset the password. It works for 30 minutes.";

export function ForgotPasswordForm() {
  const { state, pending, onSubmit } = useActionForm<ForgotPasswordState>(forgotPasswordAction, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form method="post" className="form" onSubmit={onSubmit} noValidate aria-describedby="forgot-password-status">
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <FormStatus id="forgot-password-status" tone={state && !state.ok ? "error" : "success"}>
        {state?.ok ? (
          <>
            {RESET_LINK_SENT}
            {state.devMail ? (
              <>
                {" "}
                Development: the link is on the outbox page <Link href={routes.devMail}>{routes.devMail}</Link>.
              </>
            ) : null}
          </>
        ) : (
          state?.message
        )}
      </FormStatus>
      <Button type="submit" variant="primary" block disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Sending…" : state?.ok ? "Send another link" : "Send me a link"}
      </Button>
    </form>
  );
}
