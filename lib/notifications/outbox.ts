// The notification outbox (I10). A notification is written in the same transaction as the
// state change it reports, deduplicated by a key derived from that change, so a retried
// step or a second sweep never tells the customer twice. Delivery (lib/notifications/deliver.ts)
// happens later, at least once; the UI reads the same rows.
import { checkoutFailureMessage } from "@/lib/actions/messages";
import { isPaymentFailure, type CheckoutFailure } from "@/lib/checkout/failures";
import { Prisma, type Tx } from "@/lib/db/prisma";

export type NotificationKind =
  | "order-confirmed"
  | "payment-declined"
  | "payment-refunded"
  | "order-refunded"
  | "order-cancelled"
  | "order-cancelled-by-customer"
  | "sold-out-in-cart"
  | "password-reset"
  | "back-in-stock"
  | "drop-turn";

/** The words of each notification: what the customer reads in the app and in a delivered message. */
const TEMPLATES: Record<NotificationKind, { title: string; body: string }> = {
  "order-confirmed": {
    title: "Order confirmed",
    body: "We received your payment. Your order is confirmed and on its way to being packed.",
  },
  "payment-declined": {
    title: "Payment declined",
    body: "Your payment did not go through, so nothing was charged and your items went back on sale.",
  },
  "payment-refunded": {
    title: "Payment refunded",
    body: "Your payment arrived after your order could no longer be kept, so we refunded it in full. Nothing was sold to you.",
  },
  "order-refunded": {
    title: "Refund on its way",
    body: "The shop refunded part of your order to your card. Banks take a few days to show it.",
  },
  "order-cancelled": {
    title: "Order cancelled",
    body: "Your order was not paid before its payment deadline, so we cancelled it and released its items.",
  },
  "order-cancelled-by-customer": {
    title: "Order cancelled",
    body: "You cancelled your order. Its items went back on sale and nothing was charged.",
  },
  "sold-out-in-cart": {
    title: "An item sold out while in your cart",
    body: "Its hold had run out and someone else bought the last units.",
  },
  // The waitlist's offer (lib/waitlist/offer-freed-units.ts) names the product and the hold's end in its body.
  "back-in-stock": { title: "Back in stock — reserved for you", body: "An item you waited for is back, and one is reserved in your cart." },
  // A drop's line let the customer in (lib/drops/admit.ts words the body: what, and until when).
  "drop-turn": { title: "It's your turn", body: "It's your turn in the line: you can buy now." },
  // The body carries the link (lib/accounts/password-reset.ts); this one replaces it once the link is used.
  "password-reset": { title: "Reset your password", body: "This password reset link was used or replaced, and works no more." },
};

/** The body of a failed checkout's notification: what happened, and what is next. */
export function failureNotice(failure: CheckoutFailure): string {
  const what = checkoutFailureMessage(failure);
  if (isPaymentFailure(failure))
    return `${what} Nothing was charged and your items went back on sale; you can pay with another card until the order's deadline.`;
  return `${what} Nothing was charged.`;
}

export function notificationTemplate(kind: NotificationKind) {
  return TEMPLATES[kind];
}

/**
 * A CTE body that writes one `kind` notification per order row of `orders` (columns id,
 * user_id, total_cents, currency), keyed `kind:orderId`. Use inside a data-modifying statement.
 */
export function notificationSql(kind: NotificationKind, orders: Prisma.Sql): Prisma.Sql {
  const { title, body } = TEMPLATES[kind];
  return Prisma.sql`
    INSERT INTO notifications (id, user_id, kind, title, body, dedupe_key, payload)
    SELECT gen_random_uuid(), o.user_id, ${kind}, ${title}, ${body}, ${kind} || ':' || o.id::text,
           jsonb_build_object('orderId', o.id::text, 'totalCents', o.total_cents, 'currency', o.currency)
      FROM (${orders}) o
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
}

export interface NotifyInput {
  userId: string;
  kind: NotificationKind;
  /** What makes this notification unique (e.g. the order or saga it reports). */
  dedupeKey: string;
  /** Replaces the template's body when the notification carries specifics (e.g. why a card was declined). */
  body?: string;
  payload?: Record<string, unknown>;
}

/** Writes one notification in the caller's transaction; false when the same key was written before. */
export async function notify(tx: Tx, input: NotifyInput): Promise<boolean> {
  const template = TEMPLATES[input.kind];
  const written = await tx.$executeRaw(Prisma.sql`
    INSERT INTO notifications (id, user_id, kind, title, body, dedupe_key, payload)
    VALUES (gen_random_uuid(), ${input.userId}::uuid, ${input.kind}, ${template.title}, ${input.body ?? template.body},
            ${`${input.kind}:${input.dedupeKey}`}, ${JSON.stringify(input.payload ?? {})}::jsonb)
    ON CONFLICT (dedupe_key) DO NOTHING`);
  return written === 1;
}
