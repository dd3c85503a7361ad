"use server";
// Joining a drop's line (lib/drops): the customer from the session, the drop from the form.
// The answer is the place as it stands; the panel polls from there.
import { headers } from "next/headers";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { tooManyAttempts } from "@/lib/actions/messages";
import { clientIp } from "@/lib/auth/client-ip";
import { db } from "@/lib/db/client";
import { runJoinDrop } from "@/lib/drops/join";
import { dropIdSchema } from "@/lib/drops/schemas";
import { env } from "@/lib/env";

/** `place`: the customer's number in the line, null until the start's shuffle numbers it. */
export type JoinDropState = ActionResult<{ place: number | null; joined: boolean }> | null;

export const joinDropAction = defineAction<JoinDropState>()({
  role: "customer",
  schema: dropIdSchema,
  run: async (input, { user }) =>
    runJoinDrop(
      db(),
      { dropId: input.dropId, userId: user.id },
      { ip: clientIp(await headers()), limitPerIp: env().DROP_JOIN_LIMIT_PER_IP, windowMs: env().RATE_LIMIT_WINDOW },
    ),
  refusals: {
    "not-found": "This drop does not exist.",
    "not-open": "The line is not open yet: come back when the countdown ends.",
    closed: "This drop has ended.",
    "rate-limited": ({ retryAfterSeconds }) => tooManyAttempts("join", retryAfterSeconds),
  },
  success: (result) => ({
    place: result.place,
    joined: result.joined,
    message:
      result.place === null
        ? "You're in the line. At the start, everyone who joined before it gets a place at random."
        : result.joined
          ? `You're in the line: number ${result.place.toLocaleString("en")}.`
          : `You're already in the line: number ${result.place.toLocaleString("en")}.`,
  }),
});
