import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { afterSignInPurpose, parseAfterSignIn } from "@/components/accounts/after-sign-in";
import { SignInForm } from "@/components/accounts/sign-in-form";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Nothing asked for a page (the sign-in page opened directly): an owner's dashboard, else home.
  const callbackUrl = safeRedirectPath(params.callbackUrl, { origin: env().NEXTAUTH_URL, fallback: routes.signedIn });
  // From the Add to cart or Notify me refusal: done once signed in.
  const then = parseAfterSignIn(params);
  const purpose = afterSignInPurpose(then);
  // Already signed in (another tab): back without doing it, since a GET must not change anything.
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <>
      <h1>Sign in</h1>
      {purpose ? <p className="muted">Sign in to {purpose}.</p> : null}
      <SignInForm callbackUrl={callbackUrl} then={then} />
      <p className="muted text-center">
        New here? <Link href={routes.signUpFrom(callbackUrl, then)}>Create an account</Link>
      </p>
    </>
  );
}
