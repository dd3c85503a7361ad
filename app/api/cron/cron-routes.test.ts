// The cron route handlers themselves (real handler, real database): they refuse a missing or
// wrong secret, run their sweep with the right one, and vercel.json schedules exactly them.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart-lines";
import { cronJobs } from "@/lib/routes";
import { runStep } from "@/lib/steps/run-step";
import { expireHolds } from "@/test/support/age";
import { createCustomers, createShop } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

const SECRET = "cron-route-test-secret-0123456789";
const root = path.resolve(import.meta.dirname, "../../..");
type Handler = (request: Request) => Promise<Response>;
let t: TestDatabase;
let handlers: Record<string, Handler>;

beforeAll(async () => {
  t = await useTestDatabase();
  // lib/env reads these once, on first use: set them before the routes load.
  process.env.DATABASE_URL = t.url;
  process.env.CRON_SECRET = SECRET;
  handlers = {
    "release-holds": (await import("@/app/api/cron/release-holds/route")).GET,
    "cancel-unpaid-orders": (await import("@/app/api/cron/cancel-unpaid-orders/route")).GET,
    "prune-rate-limits": (await import("@/app/api/cron/prune-rate-limits/route")).GET,
    "recover-checkouts": (await import("@/app/api/cron/recover-checkouts/route")).GET,
    "deliver-notifications": (await import("@/app/api/cron/deliver-notifications/route")).GET,
    "offer-waitlist": (await import("@/app/api/cron/offer-waitlist/route")).GET,
    "admit-drops": (await import("@/app/api/cron/admit-drops/route")).GET,
  };
});

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().$disconnect();
});

const call = (name: string, authorization?: string) =>
  handlers[name]!(new Request(`http://localhost/api/cron/${name}`, { headers: authorization ? { authorization } : {} }));

describe("cron routes", () => {
  it.each(cronJobs.map((job) => job.name))("%s refuses a missing or wrong secret", async (name) => {
    for (const authorization of [undefined, "Bearer wrong-secret", `Basic ${SECRET}`, `Bearer ${SECRET}x`, SECRET]) {
      const response = await call(name, authorization);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ ok: false, error: "unauthorized" });
    }
  });

  it("prune-rate-limits with the right secret deletes only counters whose window ended a day ago", async () => {
    await t.prisma.$executeRaw`
      INSERT INTO rate_limit_buckets (key, window_start, window_end, hits)
      VALUES ('sign-in:ip:203.0.113.9', now() - interval '2 days', now() - interval '2 days' + interval '10 minutes', 4),
             ('sign-in:ip:203.0.113.10', now() - interval '20 hours', now() - interval '20 hours' + interval '10 minutes', 2),
             ('sign-in:ip:203.0.113.11', now(), now() + interval '10 minutes', 1)`;
    const response = await call("prune-rate-limits", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, job: "prune-rate-limits", deletedBuckets: 1 });
    const left = await t.prisma.rateLimitBucket.findMany({
      where: { key: { startsWith: "sign-in:ip:203.0.113." } },
      select: { key: true },
    });
    expect(left.map((bucket) => bucket.key).sort()).toEqual(["sign-in:ip:203.0.113.10", "sign-in:ip:203.0.113.11"]);
  });

  it("release-holds with the right secret sweeps expired holds and returns counts", async () => {
    const shop = await createShop(t.prisma, "Cron Goods");
    const listingId = await shop.listing(3);
    const customers = await createCustomers(t.prisma, 2, "cron");
    for (const userId of customers) await runStep(t.prisma, addToCart, { userId, listingId, quantity: 1, ttlMs: HOUR });
    expect(await expireHolds(t.prisma, { listingId })).toBe(2);

    const response = await call("release-holds", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, job: "release-holds", expiredHolds: 2, unitsFreed: 2 });
    const again = await call("release-holds", `Bearer ${SECRET}`);
    expect(await again.json()).toMatchObject({ ok: true, expiredHolds: 0 });
  });

  it("cancel-unpaid-orders with the right secret answers with its counts", async () => {
    const response = await call("cancel-unpaid-orders", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, job: "cancel-unpaid-orders", cancelledOrders: 0 });
  });

  it("recover-checkouts and deliver-notifications with the right secret answer with their counts", async () => {
    const recovered = await call("recover-checkouts", `Bearer ${SECRET}`);
    expect(recovered.status).toBe(200);
    expect(await recovered.json()).toMatchObject({ ok: true, job: "recover-checkouts", claimed: 0 });
    const delivered = await call("deliver-notifications", `Bearer ${SECRET}`);
    expect(delivered.status).toBe(200);
    expect(await delivered.json()).toMatchObject({ ok: true, job: "deliver-notifications", delivered: 0 });
  });

  it("offer-waitlist with the right secret answers with its counts", async () => {
    const response = await call("offer-waitlist", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, job: "offer-waitlist", offered: 0 });
  });

  it("admit-drops with the right secret answers with its counts", async () => {
    const response = await call("admit-drops", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, job: "admit-drops", drops: 0, admitted: 0 });
  });

  it("vercel.json schedules exactly the cron routes that exist", () => {
    const vercel = JSON.parse(readFileSync(path.join(root, "vercel.json"), "utf8")) as { crons: { path: string; schedule: string }[] };
    expect(vercel.crons).toEqual(cronJobs.map(({ path: p, schedule }) => ({ path: p, schedule })));
    for (const job of cronJobs) expect(existsSync(path.join(root, "app", job.path, "route.ts"))).toBe(true);
  });
});
