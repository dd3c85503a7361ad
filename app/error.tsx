"use client";

// Errors above the route groups' own boundaries, such as a layout that could not read the
// session while the database restarts: a plain "try again" page instead of the framework's
// bare "Internal Server Error". Expected failures never get here (the forms show them).
import Link from "next/link";
import { useEffect } from "react";
import { routes } from "@/lib/routes";

export default function RootError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <main id="main" className="auth-layout">
      <div className="auth-layout__inner">
        <div className="auth-card text-center" role="alert">
          <h1>We could not reach the shop just now</h1>
          <p className="muted">
            Please try again in a moment. Nothing you hold in your cart is lost.
            {error.digest ? <> Reference: <code>{error.digest}</code></> : null}
          </p>
          <div className="actions actions--center">
            <button type="button" className="button button--primary" onClick={() => retry()}>
              Try again
            </button>
            <Link href={routes.home} className="button button--secondary">
              Home
            </Link>
          </div>
        </div>
      </div>
    </main>
  );
}
