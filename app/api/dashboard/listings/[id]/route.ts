import { NextResponse } from "next/server";
import { z } from "zod";
import { authorizeShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getShopListing } from "@/lib/listings/queries";

export const dynamic = "force-dynamic";

// Live stock levels for the owner's listing page (React Query polls this). Another shop's
// listing answers 404, exactly like a listing that does not exist.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeShopOwner();
  if (!auth.ok) return NextResponse.json({ error: auth.reason }, { status: auth.reason === "signed-out" ? 401 : 403 });
  const { id } = await params;
  const listing = z.uuid().safeParse(id).success ? await getShopListing(db(), auth.user.shop.id, id) : null;
  if (!listing) return NextResponse.json({ error: "Not found" }, { status: 404 });
  const { onHand, reserved, held, available, active } = listing;
  return NextResponse.json({ onHand, reserved, held, available, active }, { headers: { "Cache-Control": "no-store" } });
}
