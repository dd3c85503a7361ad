// Live availability of one listing, polled by the product page every few seconds.
import { viewerPolledRoute } from "@/lib/http/viewer-polled-route";
import { getListingAvailability } from "@/lib/stock/listing-availability";

export const dynamic = "force-dynamic";

export const GET = viewerPolledRoute(getListingAvailability);
