import { describe, expect, it } from "vitest";
import { axisTicks, timeTicks, zoneOffsetMs } from "@/lib/dashboard/chart-ticks";

describe("chart ticks", () => {
  it("covers the highest value with round steps of whole units", () => {
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(1)).toEqual([0, 1]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(15)).toEqual([0, 5, 10, 15]);
    expect(axisTicks(100)).toEqual([0, 50, 100]);
    expect(axisTicks(101)).toEqual([0, 50, 100, 150]);
  });

  it("puts at most four ticks on round times inside the span", () => {
    const start = Date.parse("2026-11-22T10:03:20Z");
    const minutes = timeTicks(start, start + 5 * 60_000);
    expect(minutes.map((tick) => new Date(tick.ms).toISOString().slice(11, 16))).toEqual(["10:04", "10:06", "10:08"]);
    expect(minutes.every((tick) => !tick.withDay)).toBe(true);
    const days = timeTicks(start, start + 3 * 24 * 3_600_000);
    expect(days.length).toBeLessThanOrEqual(4);
    expect(days.every((tick) => tick.withDay && tick.ms >= start && tick.ms <= start + 3 * 24 * 3_600_000)).toBe(true);
    for (const span of [1, 59_000, 3_600_000, 400 * 24 * 3_600_000]) expect(timeTicks(start, start + span).length).toBeLessThanOrEqual(4);
  });

  it("counts ticks on the shop zone's clock: whole hours in Kolkata, midnights in Helsinki", () => {
    const wall = (ms: number, timeZone: string) =>
      new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms);
    const start = Date.parse("2026-11-22T10:03:20Z");
    expect(zoneOffsetMs("Asia/Kolkata", start)).toBe(5.5 * 3_600_000);
    expect(zoneOffsetMs("Europe/Helsinki", start)).toBe(2 * 3_600_000);
    expect(zoneOffsetMs("America/New_York", start)).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs("UTC", start)).toBe(0);

    const hours = timeTicks(start, start + 3 * 3_600_000, 4, zoneOffsetMs("Asia/Kolkata", start));
    expect(hours.map((tick) => wall(tick.ms, "Asia/Kolkata"))).toEqual(["16:00", "17:00", "18:00"]);
    const days = timeTicks(start, start + 3 * 24 * 3_600_000, 4, zoneOffsetMs("Europe/Helsinki", start));
    expect(days.map((tick) => wall(tick.ms, "Europe/Helsinki"))).toEqual(["00:00", "00:00", "00:00"]);
  });
});
