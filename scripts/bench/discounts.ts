// The discount scenarios: a first-come coupon campaign (5,000 claims for 30, I5) and a flash
// sale (2,000 checkouts for 10 discounted slots on 500 units, I6), through lib/coupons and
// lib/flash-sales as the app runs them, beside what others do for the coupon counter.
import { randomUUID } from "node:crypto";
import { runAddToCart } from "@/lib/cart/cart-lines";
import { claimCoupon } from "@/lib/coupons/claim-coupon";
import { newCouponCode } from "@/lib/coupons/coupon-code";
import { createCampaign } from "@/lib/coupons/create-campaign";
import type { Tx } from "@/lib/db/prisma";
import { contendedTx } from "@/lib/db/retry";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { runStep } from "@/lib/steps/run-step";
import { drive, type Outcome } from "@/scripts/bench/drive";
import { analyze, record, type Scenario, type Sizes } from "@/scripts/bench/scenarios";
import type { BenchContext, Strategy } from "@/scripts/bench/strategies";
import type { ShopFixture } from "@/test/support/cart-fixtures";
import { checkout, checkoutHarness, CARDS } from "@/test/support/checkout-fixtures";
import { createTestUsers } from "@/test/support/fixtures";
import { HOUR } from "@/test/support/time";

const COUPONS = 30;
const CLAIMS = 5000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);

type Claim = (ctx: BenchContext, campaignId: string, userId: string) => Promise<Outcome>;
const claimer = (id: string, label: string, claim: Claim) => ({
  id,
  label,
  checkoutReady: false,
  claim,
  reserve: () => Promise.resolve<Outcome>("refused"),
});

async function grant(tx: Tx, campaignId: string, userId: string, sequence: number): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO coupon_grants (id, campaign_id, user_id, sequence, code)
    VALUES (gen_random_uuid(), ${campaignId}::uuid, ${userId}::uuid, ${sequence}, ${newCouponCode()})`;
}

const couponStrategies = [
  claimer("naive", "naive: read the counter, then write it", ({ prisma }, campaignId, userId) =>
    prisma.$transaction(async (tx) => {
      const [c] = await tx.$queryRaw<
        { issued: number; limit_count: number }[]
      >`SELECT issued, limit_count FROM coupon_campaigns WHERE id = ${campaignId}::uuid`;
      if (!c || c.issued >= c.limit_count) return "refused" as const;
      await tx.$executeRaw`UPDATE coupon_campaigns SET issued = ${c.issued + 1} WHERE id = ${campaignId}::uuid`;
      await grant(tx, campaignId, userId, c.issued + 1);
      return "won" as const;
    }, contendedTx),
  ),
  claimer("for-update", "SELECT ... FOR UPDATE (Prisma tx)", ({ prisma }, campaignId, userId) =>
    prisma.$transaction(async (tx) => {
      const [c] = await tx.$queryRaw<{ issued: number; limit_count: number }[]>`
        SELECT issued, limit_count FROM coupon_campaigns WHERE id = ${campaignId}::uuid FOR UPDATE`;
      if (!c || c.issued >= c.limit_count) return "refused" as const;
      await tx.$executeRaw`UPDATE coupon_campaigns SET issued = issued + 1 WHERE id = ${campaignId}::uuid`;
      await grant(tx, campaignId, userId, c.issued + 1);
      return "won" as const;
    }, contendedTx),
  ),
  claimer("project", "ours: claimCoupon, one guarded statement", async ({ prisma }, campaignId, userId) => {
    const result = await runStep(prisma, claimCoupon, { campaignId, userId });
    return result.ok && result.won ? "won" : "refused";
  }),
];

export function discountScenarios(sizes: Sizes, shop: () => ShopFixture): Scenario[] {
  let claimants: Promise<string[]> | undefined;
  const coupons: Scenario = {
    id: "coupons",
    title: `First-come coupons: ${CLAIMS.toLocaleString("en-US")} claims for ${COUPONS}, ${sizes.concurrency} at a time`,
    strategies: couponStrategies,
    rounds: sizes.rounds,
    async run(ctx, strategy, round) {
      const { claim } = couponStrategies.find((s) => s.id === strategy.id)!;
      claimants ??= createTestUsers(ctx.prisma, CLAIMS, "bench-coupons");
      const people = await claimants;
      const created = await runStep(ctx.prisma, createCampaign, {
        shopId: shop().shopId,
        name: `Bench ${randomUUID().slice(0, 6)}`,
        limit: COUPONS,
        discountPercent: 10,
        amountOffCents: null,
        listingId: null,
        minOrderCents: 0,
        startsAt: inHours(-1),
        endsAt: inHours(24),
      });
      if (!created.ok) throw new Error(`bench campaign: ${created.reason}`);
      await analyze(ctx);
      const run = await drive(CLAIMS, sizes.concurrency, (i) => claim(ctx, created.campaignId, people[i]!));
      const { rows } = await ctx.pool.query<{ issued: number; consistent: boolean }>(
        `SELECT COUNT(g.*)::int AS issued,
                (c.issued = COUNT(g.*) AND COUNT(DISTINCT g.sequence) = COUNT(g.*) AND COALESCE(MAX(g.sequence), 0) = COUNT(g.*)) AS consistent
           FROM coupon_campaigns c LEFT JOIN coupon_grants g ON g.campaign_id = c.id
          WHERE c.id = $1::uuid GROUP BY c.id, c.issued`,
        [created.campaignId],
      );
      return record("coupons", strategy, round, sizes.concurrency, run, { ...rows[0]!, limit: COUPONS, fairN: COUPONS });
    },
  };

  const SLOTS = 10;
  const UNITS = 500;
  const BUYERS = 2000;
  const ours: Strategy = {
    id: "project",
    label: "ours: runAddToCart, then the checkout saga",
    checkoutReady: true,
    reserve: () => Promise.resolve("refused"),
  };
  const flash: Scenario = {
    id: "flash-sale",
    title: `Flash sale: ${BUYERS.toLocaleString("en-US")} checkouts for ${SLOTS} discounted slots on ${UNITS} units, ${sizes.concurrency} at a time`,
    strategies: [ours],
    rounds: 1,
    async run(ctx, strategy, round) {
      const listingId = await shop().listing(UNITS, { priceCents: 10_000 });
      const sale = await runStep(ctx.prisma, createFlashSale, {
        shopId: shop().shopId,
        listingId,
        slots: SLOTS,
        discount: { kind: "percent", percent: 40 },
        startsAt: inHours(-1),
        endsAt: inHours(2),
      });
      if (!sale.ok) throw new Error(`bench flash sale: ${sale.reason}`);
      const people = await createTestUsers(ctx.prisma, BUYERS, `bench-flash-${round}`);
      const harness = checkoutHarness();
      await analyze(ctx);
      const run = await drive(BUYERS, sizes.concurrency, async (i) => {
        const userId = people[i]!;
        const added = await runAddToCart(ctx.prisma, { userId, listingId, quantity: 1, ttlMs: HOUR });
        if (!added.ok || added.line.status !== "reserved") return "refused";
        const done = await checkout(ctx.prisma, userId, CARDS.visa, harness.options);
        if (!done.ok || done.saga.status !== "COMPLETED") return "refused";
        const order = await ctx.prisma.order.findUniqueOrThrow({ where: { id: done.orderId }, select: { discountCents: true } });
        return order.discountCents > 0 ? "won" : "refused";
      });
      const { rows } = await ctx.pool.query<{ issued: number; sold: number; consistent: boolean }>(
        `SELECT (SELECT COUNT(*) FROM flash_sale_claims WHERE flash_sale_id = $1::uuid AND status = 'CONSUMED')::int AS issued,
                (SELECT COALESCE(SUM(-on_hand_delta), 0) FROM inventory_movements WHERE listing_id = $2::uuid AND kind = 'SALE')::int AS sold,
                (SELECT s.claimed = (SELECT COUNT(*) FROM flash_sale_claims WHERE flash_sale_id = s.id AND status <> 'RELEASED')
                   FROM flash_sales s WHERE s.id = $1::uuid)
                AND (SELECT l.reserved = (SELECT COALESCE(SUM(quantity), 0) FROM holds WHERE listing_id = l.id AND status = 'ACTIVE')
                       AND l.on_hand = (SELECT SUM(on_hand_delta) FROM inventory_movements WHERE listing_id = l.id)
                       FROM listings l WHERE l.id = $2::uuid) AS consistent`,
        [sale.saleId, listingId],
      );
      const facts = rows[0]!;
      const result = record("flash-sale", strategy, round, sizes.concurrency, run, {
        issued: facts.issued,
        consistent: facts.consistent,
        limit: SLOTS,
        fairN: SLOTS,
      });
      // Units sold past the stock would be overselling too.
      result.oversold += Math.max(0, facts.sold - UNITS);
      return result;
    },
  };
  return [coupons, flash];
}
