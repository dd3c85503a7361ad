"use server";
// Marking notifications read: one, or all of the customer's. The step's WHERE clause holds
// the user's id from the session, so an id from someone else's list changes nothing.
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { db } from "@/lib/db/client";
import { markNotificationsRead } from "@/lib/notifications/mark-read";
import { routes } from "@/lib/routes";
import { runStep } from "@/lib/steps/run-step";
import { defineAction } from "@/lib/actions/define-action";

export type NotificationActionState = ActionResult | null;

const markOne = defineAction<NotificationActionState>()({
  role: "customer",
  schema: z.object({ notificationId: z.uuid("Unknown notification.") }),
  run: (input, { user }) => runStep(db(), markNotificationsRead, { userId: user.id, notificationId: input.notificationId }),
  refusals: {},
  revalidate: () => [routes.notifications],
  success: () => ({ message: "Marked as read." }),
});

const markAll = defineAction<NotificationActionState>()({
  role: "customer",
  schema: z.object({}),
  run: (_, { user }) => runStep(db(), markNotificationsRead, { userId: user.id }),
  refusals: {},
  revalidate: () => [routes.notifications],
  success: () => ({ message: "All marked as read." }),
});

export async function markNotificationReadAction(previous: NotificationActionState, formData: FormData): Promise<NotificationActionState> {
  return markOne(previous, formData);
}
export async function markAllNotificationsReadAction(previous: NotificationActionState, formData: FormData): Promise<NotificationActionState> {
  return markAll(previous, formData);
}
