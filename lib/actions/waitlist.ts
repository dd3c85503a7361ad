"use server";
// "Notify me when it's back": join or leave a sold-out listing's waitlist (lib/waitlist).
// Joining may meet a unit freed a moment ago: it is offered at once, after the join committed.
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { db } from "@/lib/db/client";
import { pluralize } from "@/lib/format";
import { runStep } from "@/lib/steps/run-step";
import { joinWaitlist, leaveWaitlist } from "@/lib/waitlist/join-waitlist";
import { offerAfterCommit } from "@/lib/waitlist/offer-freed-units";
import { waitlistSchema } from "@/lib/waitlist/schemas";

/** `waiting`: whether the customer is on the list after the answer (the form shows which button). */
export type WaitlistActionState = ActionResult<{ waiting: boolean }, string, { waiting: boolean }> | null;

const GONE = "That item is no longer available.";

export const joinWaitlistAction = defineAction<WaitlistActionState>()({
  role: "customer",
  schema: waitlistSchema,
  run: async (input, { user }) => {
    const joined = await runStep(db(), joinWaitlist, { userId: user.id, listingId: input.listingId });
    if (joined.ok) await offerAfterCommit(db(), [input.listingId]);
    return joined;
  },
  refusals: {
    "not-found": GONE,
    inactive: "This item is not on sale at the moment.",
    "in-stock": ({ available }) => ({
      message: `It's in stock — add it to your cart (${pluralize(available, "unit")} available).`,
      extra: { waiting: false },
    }),
    "already-held": { message: "One is already reserved for you — it's in your cart.", extra: { waiting: false } },
  },
  success: () => ({ waiting: true, message: "Done: we'll tell you when one is reserved for you." }),
});

export const leaveWaitlistAction = defineAction<WaitlistActionState>()({
  role: "customer",
  schema: waitlistSchema,
  run: (input, { user }) => runStep(db(), leaveWaitlist, { userId: user.id, listingId: input.listingId }),
  refusals: { "not-waiting": { message: "You were not on the list for this item.", extra: { waiting: false } } },
  success: () => ({ waiting: false, message: "You left the list." }),
});
