// Schedule: every minute (vercel.json; locally every few seconds by the demo's sweep timer).
// Takes over checkout sagas whose worker died (lease run out) or whose payment is still
// processing, and drives each to COMPLETED or COMPENSATED (I9).
import { checkoutOptions } from "@/lib/checkout/config";
import { recoverCheckouts } from "@/lib/checkout/recover";
import { withCron } from "@/lib/cron";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const handler = withCron("recover-checkouts", () =>
  recoverCheckouts(db(), { ...checkoutOptions(), batchSize: Math.min(env().SWEEP_BATCH_SIZE, 50) }),
);

export { handler as GET, handler as POST };
