"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { availabilityQueryKey } from "@/components/cart/live-availability";
import { Button } from "@/components/ui/button";
import styles from "@/components/waitlist/waitlist.module.css";
import { joinWaitlistAction, leaveWaitlistAction, type WaitlistActionState } from "@/lib/actions/waitlist";
import { routes } from "@/lib/routes";

// One state for both buttons, so the status region always says what the last press did.
function submitWaitlist(previous: WaitlistActionState, formData: FormData): Promise<WaitlistActionState> {
  return formData.get("intent") === "leave" ? leaveWaitlistAction(previous, formData) : joinWaitlistAction(previous, formData);
}

/**
 * "Notify me when it's back" for a sold-out listing, or, for a customer on its waitlist, what
 * that means and a way off it. `waiting` is the live availability's (polled); the answer to a
 * press shows at once and the poll takes over when it next changes.
 */
export function NotifyMeForm({ listingId, waiting }: { listingId: string; waiting: boolean }) {
  const [state, action, pending] = useActionState<WaitlistActionState, FormData>(submitWaitlist, null);
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const submitted = useRef(false);
  const statusId = `waitlist-status-${listingId}`;

  // The answer's word on waiting holds until the polled value changes after it (state adjusted
  // while rendering, as React advises for values derived from a new answer).
  const [answered, setAnswered] = useState<{ state: WaitlistActionState; waiting: boolean; polled: boolean } | null>(null);
  if (state?.waiting !== undefined && answered?.state !== state) setAnswered({ state, waiting: state.waiting, polled: waiting });
  const onList = answered && answered.polled === waiting ? answered.waiting : waiting;

  useEffect(() => {
    if (state?.waiting !== undefined) void queryClient.invalidateQueries({ queryKey: availabilityQueryKey(listingId) });
  }, [state, listingId, queryClient]);

  // After a press the button may be gone (the view switches): focus goes to the answer.
  useEffect(() => {
    if (!submitted.current || !state) return;
    submitted.current = false;
    statusRef.current?.focus();
  }, [state]);

  return (
    <form
      action={action}
      onSubmit={() => (submitted.current = true)}
      className={styles.form}
      aria-describedby={statusId}
      data-testid="notify-me"
    >
      <input type="hidden" name="listingId" value={listingId} />
      {onList ? (
        <div className={styles.waiting}>
          <p className={styles.onList} data-testid="waitlist-waiting">
            You&apos;re on the list — we&apos;ll reserve one for you when it&apos;s back.
          </p>
          <Button type="submit" name="intent" value="leave" variant="ghost" size="small" disabled={pending}>
            {pending ? "Leaving…" : "Leave the list"}
          </Button>
        </div>
      ) : (
        <Button type="submit" name="intent" value="join" variant="secondary" size="small" disabled={pending}>
          {pending ? "Joining…" : "Notify me when it's back"}
        </Button>
      )}
      <p
        id={statusId}
        ref={statusRef}
        role="status"
        aria-live="polite"
        tabIndex={-1}
        className={styles.status}
        data-testid="waitlist-status"
      >
        {state?.ok === false ? (
          <span className={styles.problem}>
            {state.message} {state.signIn ? <Link href={routes.signInToWait(pathname, listingId)}>Sign in</Link> : null}
          </span>
        ) : null}
        {state?.ok && state.message ? <span className={styles.done}>{state.message}</span> : null}
      </p>
    </form>
  );
}
