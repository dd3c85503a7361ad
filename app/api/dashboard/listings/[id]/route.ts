import { NextResponse } from "next/server";
import { z } from "zod";
import { authorizeShopOwner } from "@/lib/auth/session";
import { getListingFigures } from "@/lib/dashboard/listing-figures";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

// Live stock figures for the owner's listing page (React Query polls this). Another shop's
// listing answers 404, exactly like a listing that does not exist.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeShopOwner();
  if (!auth.ok) return NextResponse.json({ error: auth.reason }, { status: auth.reason === "signed-out" ? 401 : 403 });
  const { id } = await params;
  const figures = z.uuid().safeParse(id).success ? await getListingFigures(db(), auth.user.shop.id, id) : null;
  if (!figures) return NextResponse.json({ error: "Not found" }, { status: 404 });
  return NextResponse.json(figures, { headers: { "Cache-Control": "no-store" } });
}
