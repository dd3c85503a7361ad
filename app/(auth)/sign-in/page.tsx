import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { accountLink, parseAddParam } from "@/components/accounts/add-after-sign-in";
import { SignInForm } from "@/components/accounts/sign-in-form";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl, { origin: env().NEXTAUTH_URL });
  // From the Add to cart refusal: the item goes into the cart once signed in.
  const add = parseAddParam(params.add);
  // Already signed in (another tab): back without adding, since a GET must not change the cart.
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <>
      <h1>Sign in</h1>
      {add ? <p className="muted">Sign in to add this item to your cart.</p> : null}
      <SignInForm callbackUrl={callbackUrl} add={add} />
      <p className="muted text-center">
        New here? <Link href={accountLink("signUp", callbackUrl, add)}>Create an account</Link>
      </p>
    </>
  );
}
