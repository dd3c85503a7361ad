import { Badge } from "@/components/ui/badge";
import { describeAvailability } from "@/lib/stock/scarcity";

export function AvailabilityBadge({ available }: { available: number }) {
  const availability = describeAvailability(available);
  return <Badge tone={availability.kind}>{availability.label}</Badge>;
}
