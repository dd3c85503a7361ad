import { NextResponse } from "next/server";
import { z } from "zod";
import { authorizeShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getDropStats } from "@/lib/drops/queries";

export const dynamic = "force-dynamic";

// Live figures of a drop's line for the owner's sale or campaign page (React Query polls this).
// Another shop's drop answers 404, exactly like one that does not exist.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeShopOwner();
  if (!auth.ok) return NextResponse.json({ error: auth.reason }, { status: auth.reason === "signed-out" ? 401 : 403 });
  const { id } = await params;
  const stats = z.uuid().safeParse(id).success ? await getDropStats(db(), { shopId: auth.user.shop.id, dropId: id }) : null;
  if (!stats) return NextResponse.json({ error: "Not found" }, { status: 404 });
  return NextResponse.json(stats, { headers: { "Cache-Control": "no-store" } });
}
