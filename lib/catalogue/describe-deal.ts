// The words on a product card for a deal that runs out ("Flash sale · ends in 3 h"). Rounded
// down, so the card never promises more time than is left.
import type { CatalogueDeal } from "@/lib/catalogue/queries";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "45 min", "3 h", "13 days": the time left from `now` to `endsAt`, never below 1 min. */
export function timeLeft(endsAt: string, now: string): string {
  const left = Math.max(Date.parse(endsAt) - Date.parse(now), 0);
  if (left < HOUR) return `${Math.max(Math.floor(left / MINUTE), 1)} min`;
  if (left < 2 * DAY) return `${Math.floor(left / HOUR)} h`;
  return `${Math.floor(left / DAY)} days`;
}

export function describeDeal(deal: CatalogueDeal): string {
  return `${deal.kind === "flash-sale" ? "Flash sale" : "Coupon offer"} · ends in ${timeLeft(deal.endsAt, deal.now)}`;
}
