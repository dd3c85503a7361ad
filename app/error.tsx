"use client";

// Errors above the route groups' own boundaries, such as a layout that could not read the
// session while the database restarts: a plain "try again" page instead of the framework's
// bare "Internal Server Error". Expected failures never get here (the forms show them).
import { ErrorNotice, type ErrorBoundaryProps } from "@/components/error-notice";

export default function RootError(props: ErrorBoundaryProps) {
  return (
    <main id="main" className="auth-layout">
      <div className="auth-layout__inner">
        <ErrorNotice
          {...props}
          className="auth-card text-center"
          messageClassName="muted"
          title="We could not reach the shop just now"
          homeLabel="Home"
        >
          Please try again in a moment. Nothing you hold in your cart is lost.
        </ErrorNotice>
      </div>
    </main>
  );
}
