import { z } from "zod";
import { readMayLag } from "@/lib/db/client";
import { findPicture } from "@/lib/listings/picture-store";

// Uploaded product pictures. An image's id changes whenever its bytes would, so browsers
// and CDNs may keep a copy for a year without asking again.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // A picture never changes under its id: a replica may serve it; one it lacks yet is the primary's.
  const picture = z.uuid().safeParse(id).success
    ? await readMayLag((replica) => findPicture(replica, id), { orPrimaryIf: (found) => found === null })
    : null;
  if (!picture) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(picture.bytes, {
    headers: {
      "Content-Type": picture.contentType,
      "Content-Length": String(picture.bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      ETag: `"${id}"`,
      // The type was sniffed at upload; never let a browser guess another one.
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
