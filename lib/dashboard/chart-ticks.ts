// Axis ticks for the dashboard's charts: round numbers of units, round spans of time. Pure
// functions, shared by server and client components.

/** 0 and up to four round steps covering `max`: 7 -> [0, 2, 4, 6, 8], 0 -> [0, 1]. */
export function axisTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) ticks.push(value);
  return ticks;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  90 * DAY,
  365 * DAY,
];

export interface TimeTick {
  ms: number;
  /** Label with the day too: the axis spans more than a day's clock can tell apart. */
  withDay: boolean;
}

/**
 * At most four ticks on round multiples of a round step between `start` and `end` (epoch ms),
 * counted on the wall clock of a zone `offsetMs` ahead of UTC (zoneOffsetMs), so they fall on
 * whole hours and midnights there, half-hour zones included. The labels are the browser's local clock.
 */
export function timeTicks(start: number, end: number, maxTicks = 4, offsetMs = 0): TimeTick[] {
  const span = Math.max(1, end - start);
  const [from, to] = [start + offsetMs, end + offsetMs];
  const step = STEPS.find((candidate) => Math.floor(to / candidate) - Math.ceil(from / candidate) + 1 <= maxTicks) ?? STEPS.at(-1)!;
  const withDay = span > 18 * HOUR;
  const ticks: TimeTick[] = [];
  for (let wall = Math.ceil(from / step) * step; wall <= to; wall += step) ticks.push({ ms: wall - offsetMs, withDay });
  return ticks;
}

/** How far `timeZone`'s clock is ahead of UTC at `at` (Helsinki in winter: 2 h; Kolkata: 5.5 h). */
export function zoneOffsetMs(timeZone: string, at: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name ?? "");
  if (!match) return 0; // "GMT": UTC itself
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === "-" ? -1 : 1) * minutes * MINUTE;
}
