"use client";

import { useActionState } from "react";
import { benchNoopAction, benchSessionAction, type YardstickState } from "@/app/bench/actions";

function Yardstick({
  label,
  action,
}: {
  label: string;
  action: (previous: YardstickState, formData: FormData) => Promise<YardstickState>;
}) {
  const [state, run, pending] = useActionState(action, null);
  return (
    <form action={run}>
      <button type="submit" disabled={pending}>
        {label}
      </button>{" "}
      <output aria-live="polite">{state ? JSON.stringify(state) : ""}</output>
    </form>
  );
}

/** The yardstick actions, called the way a form calls add-to-cart (useActionState). */
export function YardstickForms() {
  return (
    <>
      <Yardstick label="No-op action" action={benchNoopAction} />
      <Yardstick label="Session-only action" action={benchSessionAction} />
    </>
  );
}
