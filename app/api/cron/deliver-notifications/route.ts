// Schedule: every minute (vercel.json; locally every few seconds by the demo's sweep timer).
// Delivers the notification outbox at least once, retrying failed deliveries with backoff (I10).
import { withCron } from "@/lib/cron";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { deliverNotifications } from "@/lib/notifications/deliver";

export const dynamic = "force-dynamic";

const handler = withCron("deliver-notifications", () => deliverNotifications(db(), { batchSize: env().SWEEP_BATCH_SIZE }));

export { handler as GET, handler as POST };
