// Schedule: every minute (vercel.json; locally every few seconds by the demo's sweep timer).
// Takes over checkout sagas whose worker died (lease run out) or whose payment is still
// processing or waiting on the bank's check, and drives each to COMPLETED or COMPENSATED (I9).
// Then asks the provider again about refunds whose answer was lost (same idempotency key).
import { checkoutOptions } from "@/lib/checkout/config";
import { recoverCheckouts } from "@/lib/checkout/recover";
import { withCron } from "@/lib/cron";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { retryPendingRefunds } from "@/lib/refunds/refund-order";

export const dynamic = "force-dynamic";

const handler = withCron("recover-checkouts", async () => {
  const options = checkoutOptions();
  const checkouts = await recoverCheckouts(db(), { ...options, batchSize: Math.min(env().SWEEP_BATCH_SIZE, 50) });
  const refundsSettled = await retryPendingRefunds(db(), options.gateway, { olderThanMs: options.leaseMs });
  return { ...checkouts, refundsSettled };
});

export { handler as GET, handler as POST };
