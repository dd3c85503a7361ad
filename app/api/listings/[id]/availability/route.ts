// Live availability of one listing, polled by the product page every few seconds.
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { getListingAvailability } from "@/lib/availability/listing-availability";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return Response.json({ error: "not found" }, { status: 404, headers: noStore });
  const viewer = await getCurrentUser();
  const availability = await getListingAvailability(db(), id.data, viewer?.id ?? null);
  if (!availability) return Response.json({ error: "not found" }, { status: 404, headers: noStore });
  return Response.json(availability, { headers: noStore });
}
