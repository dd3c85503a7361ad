// A coupon campaign's live counter ("27 of 30 left"), polled by its page; for a signed-in
// winner it carries their own number and code (nobody else's).
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { getCampaign } from "@/lib/coupons/queries";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return Response.json({ error: "not found" }, { status: 404, headers: noStore });
  const viewer = await getCurrentUser();
  const campaign = await getCampaign(db(), id.data, viewer?.id ?? null);
  if (!campaign) return Response.json({ error: "not found" }, { status: 404, headers: noStore });
  return Response.json(campaign, { headers: noStore });
}
