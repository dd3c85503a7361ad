// Stripe's webhook (payment_intent.*, charge.refunded, refund.updated). The signature is
// checked against the exact raw body (Stripe-Signature, at most 5 minutes old): unsigned,
// wrongly signed and stale deliveries get 400 and change nothing. An event handled before gets
// 200 and changes nothing (Stripe retries anything but a 2xx); a new one resumes its checkout
// saga, which asks Stripe itself before recording anything, or reconciles the payment's
// refunds (lib/checkout/webhook.ts). A failure while handling is a 500: Stripe tries again.
import { checkoutOptions } from "@/lib/checkout/config";
import { receivePaymentWebhook } from "@/lib/checkout/webhook";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const answer = await receivePaymentWebhook(db(), checkoutOptions(), await request.text(), request.headers.get("stripe-signature"));
  return Response.json(answer.body, { status: answer.status, headers: { "cache-control": "no-store" } });
}
