import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/components/accounts/forgot-password-form";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1>Forgot your password?</h1>
      <p className="muted">Enter the email address of your account and we&apos;ll send you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className="muted text-center">
        Remembered it? <Link href={routes.signIn}>Sign in</Link>
      </p>
    </>
  );
}
