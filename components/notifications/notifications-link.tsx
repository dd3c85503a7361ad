import Link from "next/link";
import styles from "@/components/notifications/notifications.module.css";
import { routes } from "@/lib/routes";

/** The header's bell: a link to the notifications page with the unread count, when there is one. */
export function NotificationsLink({ unread }: { unread: number }) {
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <Link href={routes.notifications} className={styles.bell} aria-label={label} title="Notifications" data-testid="notifications-link">
      <svg
        width="20"
        height="20"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span className={`cart-count ${styles.bellCount}`} data-testid="notification-count">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
