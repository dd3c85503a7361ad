"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, useTransition, type FormEvent } from "react";
import { finishThenReturnTo, type AfterSignIn } from "@/components/accounts/after-sign-in";
import { useSubmitFocus } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { textField } from "@/lib/actions/action-result";
import { routes } from "@/lib/routes";

// next-auth answers "CredentialsSignin" when authorize() returns null; any other error is
// a message authorize() threw on purpose (the rate limit's "try again in N s").
function describeError(error: string): string {
  return error === "CredentialsSignin" ? "Wrong email or password." : error;
}

/** `then`: what to do once signed in (add to cart, join a waitlist), before going back to `callbackUrl`. */
export function SignInForm({ callbackUrl, then }: { callbackUrl: string; then?: AfterSignIn | undefined }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [pending, startTransition] = useTransition();
  // A new object per refusal: focus then moves to the first marked field, else the message.
  const [refusal, setRefusal] = useState<object | null>(null);
  const trackSubmit = useSubmitFocus(refusal);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    trackSubmit(event);
    const formData = new FormData(event.currentTarget);
    const email = textField(formData, "email").trim();
    const password = textField(formData, "password");
    const missing = {
      email: email ? undefined : "Please enter your email address.",
      password: password ? undefined : "Please enter your password.",
    };
    setFieldErrors(missing);
    if (missing.email || missing.password) {
      setError("Please fill in the marked fields.");
      setRefusal({});
      return;
    }
    setError(null);
    startTransition(async () => {
      const response = await signIn("credentials", { email, password, redirect: false });
      if (response?.ok && !response.error) {
        router.replace(await finishThenReturnTo(callbackUrl, then));
        router.refresh();
      } else {
        setError(describeError(response?.error ?? "Signing in failed. Please try again."));
        setRefusal({});
      }
    });
  }

  // method="post": a submit before hydration must not put the password in a URL.
  return (
    <form method="post" className="form" onSubmit={onSubmit} noValidate>
      <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldErrors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={fieldErrors.password} />
      <p className="field-hint">
        <Link href={routes.forgotPassword}>Forgot your password?</Link>
      </p>
      <FormStatus tone="error">{error}</FormStatus>
      <Button type="submit" variant="primary" block disabled={pending} aria-busy={pending || undefined}>
        {pending ? (then?.kind === "add" ? "Signing in and adding…" : "Signing in…") : "Sign in"}
      </Button>
    </form>
  );
}
