// Stripe's webhook (payment_intent.* events). The signature is checked against the exact raw
// body (Stripe-Signature, at most 5 minutes old); unsigned, wrongly signed, stale and replayed
// deliveries get 400 and change nothing. A good event resumes its checkout saga, which asks
// Stripe itself before recording anything (lib/checkout/webhook.ts).
import { checkoutOptions } from "@/lib/checkout/config";
import { receivePaymentWebhook } from "@/lib/checkout/webhook";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const answer = await receivePaymentWebhook(db(), checkoutOptions(), await request.text(), request.headers.get("stripe-signature"));
  return Response.json(answer.body, { status: answer.status, headers: { "cache-control": "no-store" } });
}
