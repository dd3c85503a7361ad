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

describe("PAYMENT_SIMULATOR_URL", () => {
  const problems = (source: Record<string, string>) => settingsProblems(source, { production: false });

  it("needs the webhook secret the shared simulator signs with, and excludes Stripe's keys", () => {
    expect(problems({ PAYMENT_SIMULATOR_URL: "http://127.0.0.1:12111", STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef" })).toEqual([]);
    expect(problems({ PAYMENT_SIMULATOR_URL: "http://127.0.0.1:12111" })).toEqual([
      "STRIPE_WEBHOOK_SECRET: STRIPE_WEBHOOK_SECRET must be set with PAYMENT_SIMULATOR_URL (the secret the shared simulator signs its webhooks with)",
    ]);
    expect(problems({ PAYMENT_SIMULATOR_URL: "ftp://simulator", STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef" })).toHaveLength(1);
    expect(
      problems({
        PAYMENT_SIMULATOR_URL: "http://127.0.0.1:12111",
        STRIPE_SECRET_KEY: "sk_test_abc",
        STRIPE_PUBLISHABLE_KEY: "pk_test_abc",
        STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef",
      }),
    ).toEqual([
      "PAYMENT_SIMULATOR_URL: PAYMENT_SIMULATOR_URL and STRIPE_SECRET_KEY exclude each other: payments go to the simulator or to Stripe",
    ]);
  });
});

describe("DATABASE_REPLICA_URLS", () => {
  it("takes PostgreSQL URLs separated by commas, none by default", () => {
    const problems = (value: string) => settingsProblems({ DATABASE_REPLICA_URLS: value }, { production: false });
    expect(problems("")).toEqual([]);
    expect(problems("postgresql://u:p@replica-1:5432/shop, postgresql://u:p@replica-2:5432/shop")).toEqual([]);
    expect(problems("postgresql://u:p@replica-1:5432/shop,not a url")).toHaveLength(1);
  });
});
