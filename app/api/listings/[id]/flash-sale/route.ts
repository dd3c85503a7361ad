// The flash sale of one listing (live now, else the next one), polled by the product page's
// banner for its "7 of 10 discounted left" counter and countdowns. null when there is none.
import { z } from "zod";
import { db } from "@/lib/db/client";
import { getListingSales } from "@/lib/flash-sales/queries";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return Response.json({ error: "not found" }, { status: 404, headers: noStore });
  const [sale] = await getListingSales(db(), [id.data]);
  return Response.json(sale ?? null, { headers: noStore });
}
