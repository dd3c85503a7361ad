"use client";

import { useQuery } from "@tanstack/react-query";
import type { DropPlaceView } from "@/lib/drops/place";
import { routes } from "@/lib/routes";

export const dropPlaceKey = (dropId: string) => ["drop-place", dropId] as const;

async function fetchPlace(dropId: string): Promise<DropPlaceView> {
  const response = await fetch(routes.dropPlace(dropId), { cache: "no-store" });
  if (!response.ok) throw new Error(`drop place: HTTP ${response.status}`);
  return (await response.json()) as DropPlaceView;
}

/**
 * The viewer's place in a drop's line, shared by the drop's panel and the offer it gates (one
 * poll per page). Polled at the pace the server answers with: every couple of seconds near
 * the front, every half minute far from it, not at all once the drop has ended.
 */
export function useDropPlace(dropId: string, initial: DropPlaceView) {
  return useQuery({
    queryKey: dropPlaceKey(dropId),
    queryFn: () => fetchPlace(dropId),
    initialData: initial,
    refetchInterval: (query) => {
      const pollAfterMs = query.state.data?.pollAfterMs ?? 5_000;
      return pollAfterMs > 0 ? pollAfterMs : false;
    },
    refetchOnWindowFocus: true,
  });
}

/** lineHoldsBack for a form that may or may not sit under a drop's line (false without one). */
export function useLineHoldsBack(drop: DropPlaceView | undefined): boolean {
  const { data } = useQuery({
    queryKey: dropPlaceKey(drop?.dropId ?? "none"),
    queryFn: () => fetchPlace(drop!.dropId),
    initialData: drop,
    enabled: drop !== undefined,
    refetchInterval: (query) => {
      const pollAfterMs = query.state.data?.pollAfterMs ?? 5_000;
      return drop && pollAfterMs > 0 ? pollAfterMs : false;
    },
  });
  const place = data ?? drop;
  return place ? lineHoldsBack(place) : false;
}

/** Whether the line stands between the viewer and buying now (the line is open or running, and it is not their turn). */
export function lineHoldsBack(place: DropPlaceView): boolean {
  return (place.phase === "open" || place.phase === "running") && place.turn.state !== "admitted";
}
