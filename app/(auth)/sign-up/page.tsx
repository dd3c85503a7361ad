import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { afterSignInPurpose, parseAfterSignIn } from "@/components/accounts/after-sign-in";
import { SignUpForm } from "@/components/accounts/sign-up-form";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl, { origin: env().NEXTAUTH_URL });
  const then = parseAfterSignIn(params);
  const purpose = afterSignInPurpose(then);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <>
      <h1>Create an account</h1>
      <p className="muted">
        {purpose ? `Create an account to ${purpose}. ` : ""}One account to shop, and to open a shop of your own whenever you like.
      </p>
      <SignUpForm callbackUrl={callbackUrl} then={then} />
      <p className="muted text-center">
        Already have an account? <Link href={routes.signInFrom(callbackUrl, then)}>Sign in</Link>
      </p>
    </>
  );
}
