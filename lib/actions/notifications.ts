"use server";
// Marking notifications read: one, or all of the customer's. The step's WHERE clause holds
// the user's id from the session, so an id from someone else's list changes nothing.
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { db } from "@/lib/db/client";
import { markNotificationsRead } from "@/lib/notifications/mark-read";
import { routes } from "@/lib/routes";
import { runStep } from "@/lib/steps/run-step";

export type NotificationActionState = ActionResult | null;

export const markNotificationReadAction = defineAction<NotificationActionState>()({
  role: "customer",
  schema: z.object({ notificationId: z.uuid("Unknown notification.") }),
  run: (input, { user }) => runStep(db(), markNotificationsRead, { userId: user.id, notificationId: input.notificationId }),
  refusals: {},
  revalidate: () => [routes.notifications],
  success: () => ({ message: "Marked as read." }),
});

export const markAllNotificationsReadAction = defineAction<NotificationActionState>()({
  role: "customer",
  schema: z.object({}),
  run: (_, { user }) => runStep(db(), markNotificationsRead, { userId: user.id }),
  refusals: {},
  revalidate: () => [routes.notifications],
  success: () => ({ message: "All marked as read." }),
});
