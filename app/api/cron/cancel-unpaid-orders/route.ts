// Schedule: every minute (vercel.json; locally every few seconds by the demo's sweep timer).
// Cancels orders still unpaid at their payment deadline and returns their stock, exactly
// once however many runs overlap (I4).
import { withCron } from "@/lib/cron";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { cancelOverdueOrders } from "@/lib/orders/cancel";

export const dynamic = "force-dynamic";

const handler = withCron("cancel-unpaid-orders", () => cancelOverdueOrders(db(), { batchSize: env().SWEEP_BATCH_SIZE }));

export { handler as GET, handler as POST };
