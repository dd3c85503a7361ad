// Axis ticks for the dashboard's charts: round numbers of units, round spans of time. Pure
// functions, shared by server and client components.

/** 0 and up to four round steps covering `max`: 7 -> [0, 2, 4, 6, 8], 0 -> [0, 1]. */
export function axisTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, ([1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude));
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) ticks.push(value);
  return ticks;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY];

export interface TimeTick {
  ms: number;
  /** Label with the day too: the axis spans more than a day's clock can tell apart. */
  withDay: boolean;
}

/**
 * At most four ticks on round multiples of a round step between `start` and `end` (epoch ms).
 * The step is counted from the epoch, so ticks fall on whole minutes and hours in any zone
 * with a whole-hour offset; the labels are the browser's local clock.
 */
export function timeTicks(start: number, end: number, maxTicks = 4): TimeTick[] {
  const span = Math.max(1, end - start);
  const step = STEPS.find((candidate) => Math.floor(end / candidate) - Math.ceil(start / candidate) + 1 <= maxTicks) ?? STEPS.at(-1)!;
  const withDay = span > 18 * HOUR;
  const ticks: TimeTick[] = [];
  for (let ms = Math.ceil(start / step) * step; ms <= end; ms += step) ticks.push({ ms, withDay });
  return ticks;
}
