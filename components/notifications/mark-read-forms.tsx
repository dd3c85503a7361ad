"use client";

import { useActionState } from "react";
import { useSubmitFocus } from "@/components/forms/use-action-form";
import styles from "@/components/notifications/notifications.module.css";
import { Button } from "@/components/ui/button";
import { markAllNotificationsReadAction, markNotificationReadAction, type NotificationActionState } from "@/lib/actions/notifications";

/** "Mark as read" on one notification; the page re-renders it as read. */
export function MarkReadForm({ notificationId, title }: { notificationId: string; title: string }) {
  const [state, action, pending] = useActionState<NotificationActionState, FormData>(markNotificationReadAction, null);
  const trackSubmit = useSubmitFocus(state);
  return (
    <form action={action} onSubmit={trackSubmit} className={styles.markForm}>
      <input type="hidden" name="notificationId" value={notificationId} />
      <Button type="submit" variant="secondary" size="small" disabled={pending} aria-label={`Mark “${title}” as read`}>
        Mark as read
      </Button>
      <Refusal state={state} />
    </form>
  );
}

export function MarkAllReadForm() {
  const [state, action, pending] = useActionState<NotificationActionState, FormData>(markAllNotificationsReadAction, null);
  const trackSubmit = useSubmitFocus(state);
  return (
    <form action={action} onSubmit={trackSubmit}>
      <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending || undefined}>
        Mark all read
      </Button>
      <Refusal state={state} />
    </form>
  );
}

/** Why the server did not mark it read; nothing when it did. */
function Refusal({ state }: { state: NotificationActionState }) {
  return state?.ok === false ? (
    <p role="status" className="field-error">
      {state.message}
    </p>
  ) : null;
}
