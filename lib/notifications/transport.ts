// Where delivered notifications go. There is no mail service in this shop yet: the default
// transport writes one line per notification to the server log (and the customer reads the
// notification in the app either way). A mail or SMS transport plugs in here; tests install
// a failing one to exercise the retries.
export interface OutgoingNotification {
  id: string;
  userId: string;
  email: string;
  kind: string;
  title: string;
  body: string;
}

export interface NotificationTransport {
  send(notification: OutgoingNotification): Promise<void>;
}

const logTransport: NotificationTransport = {
  async send(notification) {
    console.log(`[notify] to ${notification.email}: ${notification.title}`);
  },
};

const store = globalThis as unknown as { notificationTransport?: NotificationTransport };

export function transport(): NotificationTransport {
  return store.notificationTransport ?? logTransport;
}

/** Whether a real transport (mail, SMS) is installed rather than the log; without one, /dev/mail shows the outbox. */
export function hasDeliveryTransport(): boolean {
  return store.notificationTransport !== undefined;
}

/** Replaces the transport (tests); pass null to restore the default. */
export function setTransport(next: NotificationTransport | null): void {
  store.notificationTransport = next ?? undefined;
}
