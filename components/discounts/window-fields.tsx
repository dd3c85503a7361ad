"use client";

import { startTransition, useActionState, useMemo, useSyncExternalStore, type FormEvent } from "react";
import { useSubmitFocus } from "@/components/forms/use-action-form";
import { Field, type FieldError } from "@/components/ui/field";

const noSubscription = () => () => undefined;
let openedAt: number | undefined;
/** The minute the form first rendered in this browser (a stable snapshot): starting "now" by default. */
const pageOpenedAt = () => (openedAt ??= Math.floor(Date.now() / 60_000) * 60_000);

/** "2026-11-22T14:05" in the browser's zone, for a datetime-local input. */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/**
 * Start and end as the owner's own clock shows them. The server gets ISO instants (see
 * useWindowForm), so it never has to guess the owner's time zone.
 */
export function WindowFields({
  errors,
  defaultHours = 24,
}: {
  errors: { startsAt?: FieldError; endsAt?: FieldError };
  defaultHours?: number;
}) {
  // The defaults need the browser's zone: empty on the server, filled in once hydrated (the
  // key remounts the inputs with them, so server and client HTML agree during hydration).
  const opened = useSyncExternalStore(noSubscription, pageOpenedAt, () => null);
  const defaults = useMemo(() => {
    if (opened === null) return { start: "", end: "" };
    return { start: localInput(new Date(opened)), end: localInput(new Date(opened + defaultHours * 3_600_000)) };
  }, [opened, defaultHours]);
  const key = opened === null ? "server" : "browser";
  return (
    <>
      <Field
        key={`start-${key}`}
        label="Starts"
        name="startsAtLocal"
        id="field-startsAt"
        type="datetime-local"
        defaultValue={defaults.start}
        required
        error={errors.startsAt}
      />
      <Field
        key={`end-${key}`}
        label="Ends"
        name="endsAtLocal"
        id="field-endsAt"
        type="datetime-local"
        defaultValue={defaults.end}
        required
        error={errors.endsAt}
      />
    </>
  );
}

/** datetime-local values (the browser's zone) -> ISO instants the schema takes. */
function withInstants(formData: FormData): FormData {
  for (const name of ["startsAt", "endsAt"]) {
    const local = formData.get(`${name}Local`);
    const time = typeof local === "string" && local ? new Date(local) : null;
    formData.set(name, time && !Number.isNaN(time.getTime()) ? time.toISOString() : "");
    formData.delete(`${name}Local`);
  }
  return formData;
}

/** useActionState for a form with WindowFields: keeps what was typed on errors, sends instants. */
export function useWindowForm<State>(action: (state: Awaited<State>, formData: FormData) => Promise<State>) {
  const [state, dispatch, pending] = useActionState<State, FormData>(action, null as Awaited<State>);
  // Focus follows the answer: the first field it refused, else its message.
  const trackSubmit = useSubmitFocus(state);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    trackSubmit(event);
    const formData = withInstants(new FormData(event.currentTarget));
    startTransition(() => dispatch(formData));
  }
  return { state, pending, onSubmit };
}
