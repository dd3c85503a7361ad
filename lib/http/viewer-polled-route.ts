// The GET handler shared by the public "/api/<thing>/[id]" routes a page polls every few
// seconds: a malformed or unknown id answers 404, and the answer is never cached because it
// changes with every sale and differs per signed-in viewer (their own hold, their own coupon).
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import type { Db } from "@/lib/db/prisma";

const noStore = { "cache-control": "no-store" };

export function viewerPolledRoute<T>(load: (db: Db, id: string, viewerId: string | null) => Promise<T | null>) {
  return async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
    const id = z.uuid().safeParse((await params).id);
    if (!id.success) return Response.json({ error: "not found" }, { status: 404, headers: noStore });
    const viewer = await getCurrentUser();
    const found = await load(db(), id.data, viewer?.id ?? null);
    if (!found) return Response.json({ error: "not found" }, { status: 404, headers: noStore });
    return Response.json(found, { headers: noStore });
  };
}
