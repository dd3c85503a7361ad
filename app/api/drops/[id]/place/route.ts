// The viewer's place in a drop's line, polled by the drop panel at the pace it answers with
// (pollAfterMs: often near the front, rarely far from it). When an admission batch is due, the
// poll runs it first, so the line moves between sweeps on whichever instance answers.
import { getDropPlace } from "@/lib/drops/place";
import { viewerPolledRoute } from "@/lib/http/viewer-polled-route";

export const dynamic = "force-dynamic";

export const GET = viewerPolledRoute(getDropPlace);
