"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { routes } from "@/lib/routes";

/** Pages a way back must not lead to: signing in again, or a used reset link. */
const ACCOUNT_PAGES: readonly string[] = [routes.signIn, routes.signUp, routes.forgotPassword, "/reset-password", routes.signedIn];

/** The header's "Sign in" and "Sign up" for a visitor: both come back to the page they were on. */
export function VisitorLinks() {
  const pathname = usePathname();
  const query = useSearchParams().toString();
  const here = pathname === routes.home || ACCOUNT_PAGES.includes(pathname) ? null : `${pathname}${query ? `?${query}` : ""}`;
  return <VisitorLinksFor here={here} />;
}

/** The same links before the browser knows the URL (static fallback): no way back yet. */
export function VisitorLinksFor({ here = null }: { here?: string | null }) {
  return (
    <>
      <Link href={here ? routes.signInFrom(here) : routes.signIn}>Sign in</Link>
      <Link href={here ? routes.signUpFrom(here) : routes.signUp} className="button button--secondary button--small">
        Sign up
      </Link>
    </>
  );
}
