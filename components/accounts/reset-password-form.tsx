"use client";

import Link from "next/link";
import { LinkExpired } from "@/components/accounts/link-expired";
import { NewPasswordField } from "@/components/accounts/new-password-field";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { resetPasswordAction, type ResetPasswordState } from "@/lib/actions/accounts";
import { routes } from "@/lib/routes";

/** New password and its confirmation for the link's token; a dead link swaps the form for the way to a new one. */
export function ResetPasswordForm({ token }: { token: string }) {
  const { state, pending, onSubmit } = useActionForm<ResetPasswordState>(resetPasswordAction, null);

  if (state?.ok) {
    return (
      <FormStatus id="reset-password-status" tone="success">
        Password changed — <Link href={routes.signIn}>sign in</Link> with your new password. Any other device signed in to your account was
        signed out.
      </FormStatus>
    );
  }
  if (state?.reason === "link-invalid") return <LinkExpired id="reset-password-status" />;

  const errors = state && !state.ok ? state.fieldErrors : {};
  // method="post": a submit before hydration must not put the new password and the reset token in a URL.
  return (
    <form method="post" className="form" onSubmit={onSubmit} noValidate aria-describedby="reset-password-status">
      <input type="hidden" name="token" value={token} />
      <NewPasswordField label="New password" error={errors.password} />
      <Field label="New password again" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
      <FormStatus id="reset-password-status" tone="error">
        {state?.message}
      </FormStatus>
      <Button type="submit" variant="primary" block disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
