"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import styles from "@/components/dashboard/dashboard.module.css";
import { Button } from "@/components/ui/button";

/**
 * The state of an inline "are you sure?" step in front of a form's destructive submit. Focus
 * follows the step: onto the question when it opens, back onto the button that opened it
 * (`triggerId`) when the owner changes their mind or once the action has answered.
 */
export function useConfirmStep(triggerId: string, pending: boolean) {
  const [confirming, setConfirming] = useState(false);
  const restoreFocus = useRef(false);
  useEffect(() => {
    // A disabled (pending) button cannot take focus: wait until the action has answered. The
    // form may have moved focus to its answer by then (useSubmitFocus): leave it there.
    if (confirming || pending || !restoreFocus.current) return;
    restoreFocus.current = false;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    document.getElementById(triggerId)?.focus();
  }, [confirming, pending, triggerId]);
  const close = () => {
    restoreFocus.current = true;
    setConfirming(false);
  };
  return { confirming, ask: () => setConfirming(true), cancel: close, confirmed: close };
}

/**
 * The question with its two answers, in place of the button that asked it. The confirm button
 * submits the surrounding form; Escape or the other button steps back. Inline rather than
 * window.confirm: it names what will happen, can be styled, and a test can drive it.
 */
export function ConfirmStep({
  id,
  question,
  detail,
  confirmLabel,
  cancelLabel,
  onCancel,
}: {
  id: string;
  question: ReactNode;
  detail: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onCancel: () => void;
}) {
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => {
    group.current?.focus();
  }, []);
  return (
    <div
      ref={group}
      id={id}
      role="group"
      aria-labelledby={`${id}-question`}
      aria-describedby={`${id}-detail`}
      tabIndex={-1}
      className={styles.confirm}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        onCancel();
      }}
    >
      <p className={styles.confirmQuestion}>
        <strong id={`${id}-question`}>{question}</strong> <span id={`${id}-detail`}>{detail}</span>
      </p>
      <div className={styles.confirmActions}>
        <Button type="submit" variant="danger">
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {cancelLabel}
        </Button>
      </div>
    </div>
  );
}
