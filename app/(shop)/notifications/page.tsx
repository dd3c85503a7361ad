import type { Metadata } from "next";
import Link from "next/link";
import { MarkAllReadForm } from "@/components/notifications/mark-read-forms";
import { NotificationList } from "@/components/notifications/notification-list";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { pluralize } from "@/lib/format";
import { listNotifications } from "@/lib/notifications/queries";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

export default async function NotificationsPage() {
  const user = await requireUser(routes.notifications);
  const notifications = await listNotifications(db(), user.id);
  const unread = notifications.filter((notification) => !notification.read).length;

  return (
    // data-focus-home: after "Mark all read" its button is gone; focus lands on the page's heading area.
    <div className="stack">
      <div className="page-header" data-focus-home tabIndex={-1}>
        <div>
          <h1>Notifications</h1>
          <p className="muted">{unread > 0 ? `${pluralize(unread, "unread notification")}.` : "You are all caught up."}</p>
        </div>
        {unread > 0 ? <MarkAllReadForm /> : null}
      </div>
      {notifications.length === 0 ? (
        <div className="empty-state">
          <h2>Nothing yet</h2>
          <p>News about your orders shows up here: confirmations, declined payments, cancellations.</p>
          <Link href={routes.catalogue} className="button button--primary">
            Browse the catalogue
          </Link>
        </div>
      ) : (
        <NotificationList notifications={notifications} />
      )}
    </div>
  );
}
