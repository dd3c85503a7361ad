// Notifications as e-mail, through the SMTP server in SMTP_URL (nodemailer). One plain-text
// message per notification: its words, the absolute link to what it is about, and who sent it.
// The Message-ID is derived from the notification's id, so a message sent twice (the outbox
// delivers at least once) carries the same id, which mailbox providers fold into one.
//
// What the outbox does with an error depends on whose fault it is: a 5xx answer to this
// message's recipient or content (550 mailbox unavailable, 552 too big, 554 refused) will not
// change on a retry, so it is DeliveryRefused and recorded as failed for good; a 4xx, a dropped
// connection, a timeout or a 5xx to our own login or sender (the settings are wrong, not the
// message) is retried with backoff, so the mail goes out once the server or settings are fixed.
import nodemailer from "nodemailer";
import { DeliveryRefused, type NotificationTransport, type OutgoingNotification } from "@/lib/notifications/transport";

export interface MailSettings {
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465 */
  url: string;
  /** "Name <address>" or an address; unset: the shop's name at shop@ the public URL's host. */
  from?: string | undefined;
  /** The public origin (NEXTAUTH_URL): links and the Message-ID's domain. */
  origin: string;
  shopName: string;
}

// A send never hangs the sweep: a dead server costs seconds, not nodemailer's default minutes.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 10_000 };

/** Commands whose 5xx answer is about this message rather than about our settings. */
const MESSAGE_COMMANDS = new Set(["RCPT TO", "DATA"]);

interface SmtpError {
  code?: unknown;
  command?: unknown;
  responseCode?: unknown;
}

/** A permanent refusal of this message (see the top of the file); everything else is temporary. */
function refusedForGood(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, command, responseCode } = error as SmtpError;
  if (typeof responseCode === "number" && responseCode >= 500 && responseCode < 600)
    return typeof command === "string" && MESSAGE_COMMANDS.has(command);
  // Checked before any connection: an address nodemailer cannot send to.
  return code === "EENVELOPE" && command === "API";
}

/** An absolute URL on our own origin for a path of the site; null for anything else. */
function absoluteLink(link: string | null, origin: string): string | null {
  if (!link?.startsWith("/") || link.startsWith("//")) return null;
  const url = new URL(link, origin);
  return url.origin === new URL(origin).origin ? url.toString() : null;
}

/** The message for one notification: subject and plain text. */
function composeMail(notification: OutgoingNotification, settings: Pick<MailSettings, "origin" | "shopName">) {
  const link = absoluteLink(notification.link, settings.origin);
  const site = new URL(settings.origin);
  const text = [
    notification.body,
    ...(link ? [`${link}`] : []),
    `— ${settings.shopName}\n${site.origin}/\nYou get this message because you have an account with us; it is also on your notifications page.`,
  ].join("\n\n");
  return { subject: notification.title, text: `${text}\n`, messageId: `<notification-${notification.id}@${site.hostname}>` };
}

export function mailTransport(settings: MailSettings): NotificationTransport {
  const from = settings.from ?? { name: settings.shopName, address: `shop@${new URL(settings.origin).hostname}` };
  const mailer = nodemailer.createTransport({ url: settings.url, ...TIMEOUTS });
  return {
    async send(notification) {
      const message = composeMail(notification, settings);
      try {
        await mailer.sendMail({ from, to: notification.email, ...message });
      } catch (error) {
        if (refusedForGood(error)) throw new DeliveryRefused(error instanceof Error ? error.message : String(error), { cause: error });
        throw error;
      }
    },
  };
}
