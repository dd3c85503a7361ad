import { Badge } from "@/components/ui/badge";

/** Where a sale or campaign stands: coming, running (or all taken), over. */
export function PhaseBadge({ phase, left }: { phase: "upcoming" | "live" | "ended"; left: number }) {
  if (phase === "upcoming") return <Badge tone="accent">Upcoming</Badge>;
  if (phase === "ended") return <Badge>Ended</Badge>;
  return left > 0 ? <Badge tone="in-stock">Live</Badge> : <Badge tone="sold-out">All taken</Badge>;
}
