"use client";

import { ErrorNotice, type ErrorBoundaryProps } from "@/components/error-notice";

// Unexpected failures only: expected ones (sold out, hold expired) are shown by the forms.
export default function ShopError(props: ErrorBoundaryProps) {
  return (
    <ErrorNotice {...props} className="empty-state" title="Something went wrong" homeLabel="Go to the home page">
      We could not load this page. Nothing you hold in your cart is lost.
    </ErrorNotice>
  );
}
