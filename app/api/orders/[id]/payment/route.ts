// The payment state of one of the signed-in customer's orders, polled by the order page while
// the bank confirms. Someone else's order answers 404, exactly like a missing one.
import { NextResponse } from "next/server";
import { z } from "zod";
import { authorizeCustomer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getOrderPaymentState } from "@/lib/orders/order-queries";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeCustomer();
  if (!auth.ok) return NextResponse.json({ error: auth.reason }, { status: 401, headers: noStore });
  const { id } = await params;
  const state = z.uuid().safeParse(id).success ? await getOrderPaymentState(db(), auth.user.id, id) : null;
  if (!state) return NextResponse.json({ error: "not found" }, { status: 404, headers: noStore });
  return NextResponse.json(state, { headers: noStore });
}
