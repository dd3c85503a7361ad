"use client";

import Link from "next/link";
import { useEffect } from "react";
import { routes } from "@/lib/routes";

// Unexpected failures only: expected ones (sold out, hold expired) are shown by the forms.
export default function ShopError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="empty-state" role="alert">
      <h1>Something went wrong</h1>
      <p>
        We could not load this page. Nothing you hold in your cart is lost.
        {error.digest ? <> Reference: <code>{error.digest}</code></> : null}
      </p>
      <div className="actions actions--center">
        <button type="button" className="button button--primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href={routes.home} className="button button--secondary">
          Go to the home page
        </Link>
      </div>
    </div>
  );
}
