import type { Metadata } from "next";
import Link from "next/link";
import { LinkExpired } from "@/components/accounts/link-expired";
import { ResetPasswordForm } from "@/components/accounts/reset-password-form";
import { isResetLinkLive } from "@/lib/accounts/password-reset";
import { db } from "@/lib/db/client";
import { routes } from "@/lib/routes";

// The token is in this page's URL: no Referer may carry it anywhere.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  // Looking the link up only decides what to show; the submit spends it atomically.
  const live = token !== "" && (await isResetLinkLive(db(), token));
  return (
    <>
      <h1>Choose a new password</h1>
      {live ? (
        <>
          <p className="muted">It replaces your old password and signs you out everywhere else.</p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <LinkExpired />
      )}
      <p className="muted text-center">
        <Link href={routes.signIn}>Back to sign in</Link>
      </p>
    </>
  );
}
