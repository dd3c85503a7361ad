import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { accountLink, parseAddParam } from "@/components/accounts/add-after-sign-in";
import { SignUpForm } from "@/components/accounts/sign-up-form";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl, { origin: env().NEXTAUTH_URL });
  const add = parseAddParam(params.add);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <>
      <h1>Create an account</h1>
      <p className="muted">
        {add ? "Create an account to add this item to your cart. " : ""}One account to shop, and to open a shop of your own whenever you like.
      </p>
      <SignUpForm callbackUrl={callbackUrl} add={add} />
      <p className="muted text-center">
        Already have an account? <Link href={accountLink("signIn", callbackUrl, add)}>Sign in</Link>
      </p>
    </>
  );
}
