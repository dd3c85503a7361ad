import Link from "next/link";
import { LocalClock } from "@/components/cart/hold-countdown";
import { MarkReadForm } from "@/components/notifications/mark-read-forms";
import styles from "@/components/notifications/notifications.module.css";
import { Badge } from "@/components/ui/badge";
import { turnWords } from "@/lib/drops/words";
import type { NotificationView } from "@/lib/notifications/queries";
import { routes } from "@/lib/routes";
import { backInStockWords } from "@/lib/waitlist/back-in-stock";

/** A back-in-stock notification's words with the hold's end in the reader's own zone. */
function BackInStockBody({ reserved }: { reserved: NonNullable<NotificationView["reserved"]> }) {
  const words = backInStockWords(reserved.productTitle);
  return (
    <>
      {words.before}
      <LocalClock iso={reserved.until.toISOString()} withDay />
      {words.after}
    </>
  );
}

/** An "it's your turn" notification's words with the turn's end in the reader's own zone. */
function TurnBody({ turn }: { turn: NonNullable<NotificationView["turn"]> }) {
  const words = turnWords(turn.subject, turn.doing);
  return (
    <>
      {words.before}
      <LocalClock iso={turn.until.toISOString()} withDay />
      {words.after}
    </>
  );
}

/** The customer's notifications, newest first; unread ones stand out and can be marked read. */
export function NotificationList({ notifications }: { notifications: NotificationView[] }) {
  return (
    <ul className={styles.list} data-testid="notifications">
      {notifications.map((notification) => (
        // data-focus-home: once "Mark as read" succeeds its button is gone, and focus lands on the notification it marked.
        <li
          key={notification.id}
          className={styles.item}
          data-read={notification.read}
          data-kind={notification.kind}
          data-testid="notification"
          data-focus-home
          tabIndex={-1}
        >
          <div>
            <h2 className={styles.title}>
              {notification.read ? null : <Badge tone="accent">New</Badge>}
              {notification.title}
            </h2>
            <p className={styles.body}>
              {/* Worded here rather than from the stored body, which states the time in UTC for mail. */}
              {notification.reserved ? (
                <BackInStockBody reserved={notification.reserved} />
              ) : notification.turn ? (
                <TurnBody turn={notification.turn} />
              ) : (
                notification.body
              )}
            </p>
            <p className={styles.meta}>
              <LocalClock iso={notification.createdAt.toISOString()} withDay />
              {notification.orderId ? (
                <Link href={routes.order(notification.orderId)}>View order #{notification.orderId.slice(0, 8)}</Link>
              ) : null}
              {notification.kind === "back-in-stock" ? <Link href={routes.cart}>Go to your cart</Link> : null}
              {notification.turn ? <Link href={notification.turn.link}>Go to the drop</Link> : null}
            </p>
          </div>
          {notification.read ? null : <MarkReadForm notificationId={notification.id} title={notification.title} />}
        </li>
      ))}
    </ul>
  );
}
