// Schedule: every minute (vercel.json; locally every few seconds by the demo's sweep timer).
// Tidies cart holds past their expiry. Buyers never wait for it: reservations free expired
// holds themselves (I3), so this only keeps the tables and the dashboard current.
import { withCron } from "@/lib/cron";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { sweepExpiredHolds } from "@/lib/stock/expire-holds";

export const dynamic = "force-dynamic";

const handler = withCron("release-holds", () => sweepExpiredHolds(db(), { batchSize: env().SWEEP_BATCH_SIZE }));

export { handler as GET, handler as POST };
