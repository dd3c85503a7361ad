import type { ReactNode } from "react";

export type StatusTone = "error" | "success" | "info";

/**
 * The polite live region where a form announces what happened. It is always rendered (empty
 * when there is nothing to say), so screen readers notice when a message appears in it.
 * tabIndex -1: a form moves focus here after an answer with no field to fix (useSubmitFocus).
 */
export function FormStatus({ tone = "info", id, children }: { tone?: StatusTone; id?: string; children?: ReactNode }) {
  return (
    <p id={id} role="status" aria-live="polite" tabIndex={-1} className={`status status--${tone}`}>
      {children}
    </p>
  );
}
