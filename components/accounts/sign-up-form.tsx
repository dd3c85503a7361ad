"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { finishThenReturnTo, type AfterSignIn } from "@/components/accounts/after-sign-in";
import { NewPasswordField } from "@/components/accounts/new-password-field";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { signUpAction, type SignUpState } from "@/lib/actions/accounts";
import { textField } from "@/lib/actions/action-result";
import { routes } from "@/lib/routes";

/** `then`: what to do once the new account is signed in (see SignInForm). */
export function SignUpForm({ callbackUrl, then }: { callbackUrl: string; then?: AfterSignIn | undefined }) {
  const router = useRouter();
  const { state, pending, onSubmit: submit } = useActionForm<SignUpState>(signUpAction, null);
  // The password is needed once more to sign in after the account exists; it stays in memory only.
  const credentials = useRef<{ email: string; password: string } | null>(null);
  const [signInProblem, setSignInProblem] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);

  useEffect(() => {
    if (!state?.ok || !credentials.current) return;
    const { password } = credentials.current;
    credentials.current = null;
    setSigningIn(true);
    void signIn("credentials", { email: state.email, password, redirect: false }).then(async (response) => {
      if (response?.ok && !response.error) {
        router.replace(await finishThenReturnTo(callbackUrl, then));
        router.refresh();
      } else {
        setSigningIn(false);
        setSignInProblem(
          response?.error && response.error !== "CredentialsSignin" ? response.error : "Your account is ready, but signing in failed.",
        );
      }
    });
  }, [state, callbackUrl, then, router]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const data = new FormData(event.currentTarget);
    credentials.current = { email: textField(data, "email"), password: textField(data, "password") };
    setSignInProblem(null);
    submit(event);
  }

  const errors = state && !state.ok ? state.fieldErrors : {};
  const busy = pending || signingIn;
  // method="post": a submit before hydration must not put the password and phone number in a URL.
  return (
    <form method="post" className="form" onSubmit={onSubmit} noValidate aria-describedby="sign-up-status">
      <Field label="Name" name="name" autoComplete="name" required maxLength={100} error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field
        label="Phone"
        name="phone"
        type="tel"
        autoComplete="tel"
        required
        hint="With its country code, e.g. +358 40 123 4567. We text you about your orders only."
        error={errors.phone}
      />
      <NewPasswordField label="Password" error={errors.password} />
      <FormStatus id="sign-up-status" tone={signInProblem || (state && !state.ok) ? "error" : "success"}>
        {signInProblem ? (
          <>
            {signInProblem} <Link href={routes.signInFrom(callbackUrl, then)}>Sign in</Link>
          </>
        ) : state?.ok ? (
          "Account created. Signing you in…"
        ) : (
          state?.message
        )}
      </FormStatus>
      <Button type="submit" variant="primary" block disabled={busy} aria-busy={busy || undefined}>
        {pending ? "Creating your account…" : signingIn ? "Signing in…" : "Create account"}
      </Button>
    </form>
  );
}
