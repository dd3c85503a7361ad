// How much stock a customer is told about. Pure, so server pages and client components agree.
export const SCARCE_THRESHOLD = 3;

export type Availability = { kind: "sold-out"; label: string } | { kind: "scarce"; label: string } | { kind: "in-stock"; label: string };

export function describeAvailability(available: number): Availability {
  if (available <= 0) return { kind: "sold-out", label: "Sold out" };
  if (available <= SCARCE_THRESHOLD) return { kind: "scarce", label: `Only ${available} left` };
  return { kind: "in-stock", label: "In stock" };
}
