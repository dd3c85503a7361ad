// A coupon campaign's live counter ("27 of 30 left"), polled by its page; for a signed-in
// winner it carries their own number and code (nobody else's).
import { getCampaign } from "@/lib/coupons/queries";
import { viewerPolledRoute } from "@/lib/http/viewer-polled-route";

export const dynamic = "force-dynamic";

export const GET = viewerPolledRoute(getCampaign);
