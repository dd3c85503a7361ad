import { describe, expect, it } from "vitest";
import { settingsProblems } from "@/lib/env";

const zoneProblems = (zone: string | undefined) =>
  settingsProblems({ SHOP_TIME_ZONE: zone }, { production: false }).filter((line) => line.startsWith("SHOP_TIME_ZONE"));

describe("SHOP_TIME_ZONE", () => {
  it("takes IANA zone names, UTC by default, and refuses anything else with a message saying what it wants", () => {
    expect(zoneProblems(undefined)).toEqual([]);
    expect(zoneProblems("Europe/Helsinki")).toEqual([]);
    expect(zoneProblems("America/Argentina/Buenos_Aires")).toEqual([]);
    expect(zoneProblems("Mars/Olympus_Mons")).toEqual([
      "SHOP_TIME_ZONE: SHOP_TIME_ZONE must be an IANA time zone, such as Europe/Helsinki or UTC",
    ]);
    expect(zoneProblems("")).toHaveLength(1);
  });
});
