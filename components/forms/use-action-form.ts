"use client";

import { startTransition, useActionState, useCallback, useEffect, useRef, useState, type FormEvent } from "react";

/**
 * useActionState for a form that keeps what the user typed (and the file they picked) when
 * the server answers with errors: it submits through onSubmit instead of the form's `action`
 * prop, which React would reset after every submission. With `resetOnSuccess`, a successful
 * answer clears the form for the next entry. Focus follows the answer (useSubmitFocus).
 * With `prepare`, the form data is completed in the browser before it posts (a card turned
 * into a payment token): an answer other than null stops the submission, and a non-empty one
 * comes back as `clientError`.
 */
export function useActionForm<State extends { ok: boolean } | null>(
  action: (state: Awaited<State>, formData: FormData) => State | Promise<State>,
  initial: Awaited<State>,
  options: { resetOnSuccess?: boolean; prepare?: (formData: FormData) => Promise<string | null> } = {},
) {
  const [state, dispatch, pending] = useActionState<State, FormData>(action, initial);
  const [preparing, setPreparing] = useState(false);
  const [clientError, setClientError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { resetOnSuccess = false, prepare } = options;

  useEffect(() => {
    if (resetOnSuccess && state?.ok) formRef.current?.reset();
  }, [state, resetOnSuccess]);
  // After the reset above, so a cleared form still gets its focus.
  const trackSubmit = useSubmitFocus(state);

  async function prepareThenDispatch(formData: FormData, complete: (formData: FormData) => Promise<string | null>) {
    setPreparing(true);
    setClientError(null);
    try {
      const problem = await complete(formData);
      if (problem !== null) {
        setClientError(problem || null);
        return;
      }
    } catch {
      setClientError("Something went wrong in the browser. Nothing was charged; try again.");
      return;
    } finally {
      setPreparing(false);
    }
    startTransition(() => dispatch(formData));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    trackSubmit(event);
    const formData = new FormData(event.currentTarget);
    if (prepare) void prepareThenDispatch(formData, prepare);
    else startTransition(() => dispatch(formData));
  }
  return { state, pending: pending || preparing, onSubmit, formRef, clientError };
}

interface Submitted {
  form: HTMLFormElement;
  /** Status messages the form names in aria-describedby, looked up again when the form itself is gone. */
  statusIds: string[];
}

/**
 * Moves focus to where a submission's answer is, once the answer has rendered: the first field
 * marked invalid (in DOM order), else the status message when it says something. Without it
 * the disabled submit button drops focus to the page body and a keyboard or screen-reader user
 * has to hunt for what went wrong. Call the returned function from the form's onSubmit (it does
 * not prevent the submission, so it works beside an `action` prop too); nothing moves before a
 * submission, so the first render never steals focus.
 */
export function useSubmitFocus(state: unknown): (event: FormEvent<HTMLFormElement>) => void {
  const submitted = useRef<Submitted | null>(null);
  useEffect(() => {
    const pendingFocus = submitted.current;
    if (!pendingFocus) return;
    submitted.current = null;
    focusAnswer(pendingFocus);
  }, [state]);
  return useCallback((event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    submitted.current = { form, statusIds: (form.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean) };
    // A success may remove the form together with this component (its effect never runs then):
    // watch from now on for the form to go, and send focus home when it does.
    const home = form.parentElement?.closest<HTMLElement>("[data-focus-home]");
    if (home) focusHomeOnceGone(form, home);
  }, []);
}

function focusAnswer({ form, statusIds }: Submitted): void {
  // The customer went on elsewhere while waiting (another field, another form): leave them there.
  const active = document.activeElement;
  if (active && active !== document.body && !(form.isConnected && form.contains(active))) return;

  const invalid = form.isConnected ? form.querySelector<HTMLElement>('[aria-invalid="true"]') : null;
  if (invalid) {
    invalid.focus();
    return;
  }
  const described = statusIds.map((id) => document.getElementById(id)).filter((element): element is HTMLElement => element !== null);
  // A form may mark what answers it instead (e.g. a notice that replaces the submit button).
  const marked = form.isConnected ? [...form.querySelectorAll<HTMLElement>("[data-submit-answer]")] : [];
  const statuses = form.isConnected ? [...form.querySelectorAll<HTMLElement>('[role="status"], [role="alert"]')] : [];
  const found = [...marked, ...described, ...statuses].find((element) => element.isConnected && element.textContent?.trim());
  if (found) focusOn(found);
}

function focusOn(target: HTMLElement): void {
  if (!target.hasAttribute("tabindex")) target.tabIndex = -1;
  target.focus();
}

/**
 * Where focus goes when a submission's success removes its own form (a "Mark as read" button
 * gone with the notification now read): once the form has left the page while focus is
 * nowhere, the nearest element around it marked data-focus-home (React writes the bare
 * attribute as "true"), or the element whose id that attribute names, looked up once the page
 * has changed. A form that stays (a refusal) leaves this watcher to give up after a while.
 */
function focusHomeOnceGone(form: HTMLFormElement, home: HTMLElement): void {
  const settle = (): boolean => {
    if (form.isConnected) return false;
    const active = document.activeElement;
    if (active && active !== document.body) return true;
    const id = home.getAttribute("data-focus-home");
    const target = id && id !== "true" ? document.getElementById(id) : home;
    if (target?.isConnected) focusOn(target);
    return true;
  };
  if (settle()) return;
  const observer = new MutationObserver(() => {
    if (settle()) stop();
  });
  const timer = window.setTimeout(() => stop(), 15_000);
  function stop() {
    observer.disconnect();
    window.clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
}
