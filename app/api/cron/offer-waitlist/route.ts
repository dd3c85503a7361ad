// Schedule: every minute (vercel.json; locally every few seconds by the demo's sweep timer).
// Reserves free units for the customers waiting on sold-out listings ("Notify me when it's
// back"), first come first served. The paths that free units offer them as they commit; this
// catches the rest: holds freed lazily inside a reservation, a checkout that released its
// holds, a listing put back on sale, or an offer whose trigger failed.
import { withCron } from "@/lib/cron";
import { db } from "@/lib/db/client";
import { offerWaitingListings } from "@/lib/waitlist/offer-freed-units";

export const dynamic = "force-dynamic";

const handler = withCron("offer-waitlist", () => offerWaitingListings(db()));

export { handler as GET, handler as POST };
