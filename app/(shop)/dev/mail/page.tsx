import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import styles from "@/app/(shop)/dev/mail/mail.module.css";
import { LocalClock } from "@/components/cart/hold-countdown";
import { Badge } from "@/components/ui/badge";
import { db } from "@/lib/db/client";
import { devMailPageEnabled, listOutbox } from "@/lib/notifications/dev-outbox";

export const metadata: Metadata = { title: "Outbox (development)", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

// A word that is a link: absolute (http[s]://…) or a path of this site (/reset-password?token=…).
const LINK = /^(https?:\/\/\S+|\/\S*)$/;

/** The message's text with its links made clickable. */
function linkified(body: string): ReactNode[] {
  return body.split(/(\s+)/).map((part, i) =>
    LINK.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

// Every user's notifications, reset links included: the page exists only while nothing really
// delivers mail, and not in production unless DEV_MAIL_PAGE=1 (lib/notifications/dev-outbox.ts).
export default async function DevMailPage() {
  if (!devMailPageEnabled()) notFound();
  const messages = await listOutbox(db());
  return (
    <div className="stack">
      <div>
        <h1>Outbox (development)</h1>
        <p className="muted">
          No mail service is configured, so messages are only logged. Here are the latest {messages.length === 50 ? "50 " : ""}
          notifications of every account, as they would have been mailed. This page does not exist on a real deployment.
        </p>
      </div>
      {messages.length === 0 ? (
        <div className="empty-state">
          <h2>No messages yet</h2>
          <p>Password reset links and order news show up here.</p>
        </div>
      ) : (
        <ol className={styles.list} data-testid="outbox">
          {messages.map((message) => (
            <li key={message.id} className={styles.item} data-testid="outbox-message">
              <div className={styles.head}>
                <h2 className={styles.title}>{message.title}</h2>
                {message.delivered ? <Badge tone="success">Logged</Badge> : <Badge>Waiting</Badge>}
              </div>
              <p className={styles.meta}>
                <span>To {message.email}</span>
                <LocalClock iso={message.createdAt.toISOString()} withDay />
              </p>
              <p className={styles.body}>{linkified(message.body)}</p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
