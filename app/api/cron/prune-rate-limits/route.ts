// Schedule: hourly (vercel.json; locally on the demo's sweep timer too). Deletes sign-up and
// sign-in attempt counters whose window ended a day ago: they can no longer limit anyone.
import { pruneRateLimitBuckets } from "@/lib/accounts/rate-limit";
import { withCron } from "@/lib/cron";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const handler = withCron("prune-rate-limits", async () => ({ deletedBuckets: await pruneRateLimitBuckets(db()) }));

export { handler as GET, handler as POST };
