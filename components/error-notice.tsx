"use client";

// The body of the app's error boundaries: logs the error for the browser console, shows the
// server's digest so a report can be matched to the server log, and offers a retry and a way home.
import Link from "next/link";
import { useEffect, type ReactNode } from "react";
import { routes } from "@/lib/routes";

export interface ErrorBoundaryProps {
  error: Error & { digest?: string };
  retry: () => void;
}

export function ErrorNotice({
  error,
  retry,
  title,
  homeLabel,
  className,
  messageClassName,
  children,
}: ErrorBoundaryProps & { title: string; homeLabel: string; className: string; messageClassName?: string; children: ReactNode }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className={className} role="alert">
      <h1>{title}</h1>
      <p className={messageClassName}>
        {children}
        {error.digest ? (
          <>
            {" "}
            Reference: <code>{error.digest}</code>
          </>
        ) : null}
      </p>
      <div className="actions actions--center">
        <button type="button" className="button button--primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href={routes.home} className="button button--secondary">
          {homeLabel}
        </Link>
      </div>
    </div>
  );
}
