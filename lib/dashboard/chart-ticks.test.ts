import { describe, expect, it } from "vitest";
import { axisTicks, timeTicks } from "./chart-ticks";

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
});
