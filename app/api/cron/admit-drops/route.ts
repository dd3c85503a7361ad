// Schedule: every minute (vercel.json; locally every few seconds by the demo's sweep timer).
// Moves every running drop's line: the start's shuffle if nobody has run it yet, then one
// admission batch each. Shoppers' polls and joins admit on the spot too (lib/drops/place.ts),
// so this is the floor, not the pace. Safe on every instance at once (lib/drops/admit.ts).
import { withCron } from "@/lib/cron";
import { db } from "@/lib/db/client";
import { sweepDrops } from "@/lib/drops/admit";

export const dynamic = "force-dynamic";

const handler = withCron("admit-drops", () => sweepDrops(db()));

export { handler as GET, handler as POST };
