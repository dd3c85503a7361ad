// Where delivered notifications go. With SMTP_URL set, each one is mailed to its account's
// address (lib/notifications/mail.ts); without it the default transport writes one line per
// notification to the server log, and /dev/mail shows the outbox where that is allowed (the
// customer reads the notification in the app either way). Tests install their own transport.
import { env } from "@/lib/env";
import { mailTransport } from "@/lib/notifications/mail";

export interface OutgoingNotification {
  id: string;
  userId: string;
  email: string;
  kind: string;
  title: string;
  body: string;
  /** A path of this site the notification points at (the order, the cart, a drop's page), if any. */
  link: string | null;
}

export interface NotificationTransport {
  /** Resolves once the message is accepted; throws DeliveryRefused when retrying cannot help. */
  send(notification: OutgoingNotification): Promise<void>;
}

/**
 * A refusal of this very message that no retry will change (an SMTP 5xx to its recipient or
 * its content, an address the mailer cannot use): the outbox records it as failed for good.
 * Every other error is temporary and retried with backoff.
 */
export class DeliveryRefused extends Error {
  override name = "DeliveryRefused";
}

const logTransport: NotificationTransport = {
  async send(notification) {
    console.log(`[notify] to ${notification.email}: ${notification.title}`);
  },
};

const store = globalThis as unknown as { notificationTransport?: NotificationTransport; configuredTransport?: NotificationTransport };

/** The transport installed by setTransport, else mail when SMTP_URL is set, else the log. */
export function transport(): NotificationTransport {
  if (store.notificationTransport) return store.notificationTransport;
  store.configuredTransport ??= configured();
  return store.configuredTransport;
}

function configured(): NotificationTransport {
  const settings = env();
  if (!settings.SMTP_URL || !settings.NEXTAUTH_URL) return logTransport;
  return mailTransport({ url: settings.SMTP_URL, from: settings.MAIL_FROM, origin: settings.NEXTAUTH_URL, shopName: settings.SHOP_NAME });
}

/** Whether a real transport (mail, SMS) delivers rather than the log; without one, /dev/mail shows the outbox. */
export function hasDeliveryTransport(): boolean {
  return store.notificationTransport !== undefined || Boolean(env().SMTP_URL);
}

/** Replaces the transport (tests); pass null to restore the configured one. */
export function setTransport(next: NotificationTransport | null): void {
  store.notificationTransport = next ?? undefined;
}
