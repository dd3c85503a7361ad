// First-come coupons on a real database (I5): exactly N issued under any concurrency, at most
// one per customer, numbered 1..N in the order won; redeemed once by the checkout saga and
// given back to the same customer when the checkout fails, a crash included.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { recoverCheckouts } from "@/lib/checkout/recover";
import { payOrderAgain } from "@/lib/checkout/start-checkout";
import { claimCoupon } from "@/lib/coupons/claim-coupon";
import { newCouponCode } from "@/lib/coupons/coupon-code";
import { createCampaign, endCampaign } from "@/lib/coupons/create-campaign";
import { getCampaign, getShopCampaign, listCustomerCoupons } from "@/lib/coupons/queries";
import { checkCheckoutCoupon, previewCoupon } from "@/lib/coupons/redeem";
import { normalizeCouponCode, createCampaignSchema } from "@/lib/coupons/schemas";
import { setTransport } from "@/lib/notifications/transport";
import { runStep } from "@/lib/steps/run-step";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkout, checkoutCart, checkoutHarness, fillCart } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Coupon Goods");
  setTransport({ send: async () => undefined });
});

const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);

interface CampaignOptions {
  limit: number;
  discountPercent?: number | null;
  amountOffCents?: number | null;
  listingId?: string | null;
  minOrderCents?: number;
}

async function campaign(options: CampaignOptions): Promise<string> {
  const created = await runStep(t.prisma, createCampaign, {
    shopId: shop.shopId,
    name: `Campaign ${randomUUID().slice(0, 6)}`,
    limit: options.limit,
    discountPercent: options.amountOffCents ? null : (options.discountPercent ?? 10),
    amountOffCents: options.amountOffCents ?? null,
    listingId: options.listingId ?? null,
    minOrderCents: options.minOrderCents ?? 0,
    startsAt: inHours(-1),
    endsAt: inHours(24),
  });
  if (!created.ok) throw new Error(created.reason);
  return created.campaignId;
}

async function win(campaignId: string, userId: string): Promise<string> {
  const won = await runStep(t.prisma, claimCoupon, { campaignId, userId });
  if (!won.ok) throw new Error(won.reason);
  return won.code;
}

const grantOf = (campaignId: string, userId: string) =>
  t.prisma.couponGrant.findUniqueOrThrow({ where: { campaignId_userId: { campaignId, userId } } });

const expireLeases = () => t.prisma.$executeRaw`
  UPDATE checkout_sagas SET locked_until = now() - interval '1 second' WHERE status IN ('RUNNING', 'COMPENSATING')`;

describe("claiming first-come coupons (I5)", () => {
  it("issues exactly N coupons under 1,000 concurrent claims from 1,000 customers, numbered 1..N", async () => {
    const campaignId = await campaign({ limit: 30 });
    const customers = await createCustomers(t.prisma, 1_000, "coupon-race");
    const racers = t.newClient(10);
    const started = performance.now();
    const results = await Promise.all(customers.map((userId) => runStep(racers, claimCoupon, { campaignId, userId })));
    const ms = Math.round(performance.now() - started);
    const won = results.filter((result) => result.ok);
    const refused = results.filter((result) => !result.ok);
    console.log(`coupon race: 1,000 customers, 30 coupons -> ${won.length} won, ${refused.length} "all claimed", ${ms} ms`);

    expect(won).toHaveLength(30);
    expect(won.every((result) => result.ok && result.won)).toBe(true);
    expect(won.map((result) => (result.ok ? result.sequence : 0)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    expect(refused).toHaveLength(970);
    expect(refused.every((result) => !result.ok && result.reason === "all-claimed" && result.limit === 30)).toBe(true);
    expect(await t.prisma.couponCampaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({ issued: 30, limit: 30 });
    const grants = await t.prisma.couponGrant.findMany({ where: { campaignId }, orderBy: { sequence: "asc" } });
    expect(grants.map((grant) => grant.sequence)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Numbered in the order won: grant k committed before grant k+1.
    for (let i = 1; i < grants.length; i++)
      expect(grants[i]!.createdAt.getTime()).toBeGreaterThanOrEqual(grants[i - 1]!.createdAt.getTime());
    expect(new Set(grants.map((grant) => grant.code)).size).toBe(30);
    expect(await getCampaign(t.prisma, campaignId, null)).toMatchObject({ limit: 30, issued: 30, left: 0, phase: "live" });
    await expectAuditClean(t.prisma);
  }, 120_000);

  it("20 concurrent claims by one customer: one coupon, the same number and code for all 20", async () => {
    const campaignId = await campaign({ limit: 5 });
    const [ann] = await createCustomers(t.prisma, 1, "coupon-twenty");
    const racers = t.newClient(10);
    const results = await Promise.all(Array.from({ length: 20 }, () => runStep(racers, claimCoupon, { campaignId, userId: ann! })));
    expect(results.every((result) => result.ok)).toBe(true);
    const answers = new Set(results.map((result) => (result.ok ? `${result.sequence}:${result.code}` : "")));
    expect(answers).toEqual(new Set([expect.stringMatching(/^1:/)]));
    expect(results.filter((result) => result.ok && result.won)).toHaveLength(1);
    expect(await t.prisma.couponGrant.count({ where: { campaignId } })).toBe(1);
    expect(await t.prisma.couponCampaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({ issued: 1 });
    await expectAuditClean(t.prisma);
  });

  it("claims only within the window; an early end stops issuing but a winner keeps their coupon", async () => {
    const campaignId = await campaign({ limit: 5 });
    const [ann, ben] = await createCustomers(t.prisma, 2, "coupon-window");
    const code = await win(campaignId, ann!);
    expect(await runStep(t.prisma, endCampaign, { shopId: shop.shopId, campaignId })).toEqual({ ok: true });
    expect(await runStep(t.prisma, endCampaign, { shopId: shop.shopId, campaignId })).toEqual({ ok: false, reason: "already-ended" });
    expect(await runStep(t.prisma, claimCoupon, { campaignId, userId: ben! })).toEqual({ ok: false, reason: "ended" });
    expect(await runStep(t.prisma, claimCoupon, { campaignId, userId: ann! })).toMatchObject({ ok: true, won: false, sequence: 1, code });
    expect(await listCustomerCoupons(t.prisma, ann!)).toMatchObject([{ code, sequence: 1, usable: true, campaign: { phase: "ended" } }]);

    const later = await runStep(t.prisma, createCampaign, {
      shopId: shop.shopId,
      name: "Later",
      limit: 3,
      discountPercent: 5,
      amountOffCents: null,
      listingId: null,
      minOrderCents: 0,
      startsAt: inHours(2),
      endsAt: inHours(3),
    });
    if (!later.ok) throw new Error(later.reason);
    expect(await runStep(t.prisma, claimCoupon, { campaignId: later.campaignId, userId: ben! })).toMatchObject({
      ok: false,
      reason: "not-started",
    });
    expect(await runStep(t.prisma, claimCoupon, { campaignId: randomUUID(), userId: ben! })).toEqual({ ok: false, reason: "not-found" });
    await expectAuditClean(t.prisma);
  });

  it("codes are 80 random bits in Crockford base32; typing them loosely still finds them", () => {
    const codes = new Set(Array.from({ length: 1_000 }, newCouponCode));
    expect(codes.size).toBe(1_000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const [code] = codes;
    expect(normalizeCouponCode(` ${code!.toLowerCase().replace(/-/g, " ")} `)).toBe(code);
    expect(normalizeCouponCode("not a code")).toBeNull();
  });

  it("the owner's form wants a kind of discount, N >= 1 and an end after the start", () => {
    const form = {
      name: "Launch",
      kind: "amount",
      percent: "",
      amountOff: "",
      limit: "0",
      listingId: "",
      minOrder: "",
      startsAt: "2026-12-01T10:00:00Z",
      endsAt: "2026-12-01T10:00:00Z",
    };
    const parsed = createCampaignSchema.safeParse(form);
    expect(Object.keys(parsed.error?.flatten().fieldErrors ?? {}).sort()).toEqual(["amountOff", "endsAt", "limit"]);
    expect(
      createCampaignSchema.parse({ ...form, amountOff: "5", limit: "30", minOrder: "25", endsAt: "2026-12-08T10:00:00Z" }),
    ).toMatchObject({
      limit: 30,
      amountOffCents: 500,
      discountPercent: null,
      minOrderCents: 2_500,
      listingId: null,
    });
  });
});

describe("redeeming coupons at checkout (I5)", () => {
  it("a coupon is redeemed once by the saga; a declined card gives it back to the same customer, and paying again reapplies it", async () => {
    const h = checkoutHarness();
    const lamp = await shop.listing(5, { priceCents: 4_000 });
    const campaignId = await campaign({ limit: 3, discountPercent: 25 });
    const [ann, ben] = await createCustomers(t.prisma, 2, "coupon-redeem");
    const code = await win(campaignId, ann!);
    await fillCart(t.prisma, ann!, [[lamp, 1]]);
    expect(await previewCoupon(t.prisma, { userId: ann!, code })).toMatchObject({ ok: true, discountCents: 1_000 });
    // Someone else's code is nobody's: coupons are personal.
    expect(await previewCoupon(t.prisma, { userId: ben!, code })).toEqual({ ok: false, reason: "unknown-code" });
    // The checkout form's gate: no code passes, someone else's code stops the checkout.
    expect(await checkCheckoutCoupon(t.prisma, { userId: ben!, code: undefined })).toEqual({ ok: true });
    expect(await checkCheckoutCoupon(t.prisma, { userId: ben!, code })).toEqual({
      ok: false,
      reason: "coupon-refused",
      coupon: { ok: false, reason: "unknown-code" },
    });
    expect(await checkCheckoutCoupon(t.prisma, { userId: ann!, code })).toEqual({ ok: true });

    const declined = await checkout(t.prisma, ann!, CARDS.declined, h.options, { couponCode: code });
    if (!declined.ok) throw new Error(declined.reason);
    expect(declined.saga.status).toBe("COMPENSATED");
    expect(await grantOf(campaignId, ann!)).toMatchObject({ orderId: null, redeemedAt: null, discountCents: 0, userId: ann });
    expect(await t.prisma.couponCampaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({ issued: 1 });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: declined.orderId } })).toMatchObject({
      discountCents: 0,
      totalCents: 4_000,
    });

    const again = await payOrderAgain(
      t.prisma,
      { userId: ann!, orderId: declined.orderId, idempotencyKey: randomUUID(), card: { paymentMethod: CARDS.visa } },
      h.options,
    );
    expect(again).toMatchObject({ ok: true, saga: { status: "COMPLETED" } });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: declined.orderId } })).toMatchObject({
      status: "PAID",
      discountCents: 1_000,
      totalCents: 3_000,
    });
    expect(await grantOf(campaignId, ann!)).toMatchObject({ orderId: declined.orderId, discountCents: 1_000 });
    expect(await previewCoupon(t.prisma, { userId: ann!, code })).toEqual({ ok: false, reason: "already-used" });

    // Used is used: the next checkout with the same code pays the full price and says why.
    const reuse = await checkoutCart(t.prisma, ann!, [[lamp, 1]], CARDS.visa, h.options, { couponCode: code });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: reuse.orderId } })).toMatchObject({
      status: "PAID",
      discountCents: 0,
      totalCents: 4_000,
    });
    const step = await t.prisma.sagaStep.findFirstOrThrow({ where: { sagaId: reuse.saga.sagaId, step: "DISCOUNTS" } });
    expect(step.detail).toMatchObject({ coupon: { code, refused: "already-used" } });
    expect(await getShopCampaign(t.prisma, shop.shopId, campaignId)).toMatchObject({
      redeemed: 1,
      winners: [{ sequence: 1, redemption: { orderStatus: "PAID", discountCents: 1_000 } }],
    });
    await expectAuditClean(t.prisma);
  });

  it("an amount off scoped to one listing with a minimum order applies to that listing only, after its sale price", async () => {
    const h = checkoutHarness();
    const boots = await shop.listing(5, { priceCents: 3_000 });
    const socks = await shop.listing(5, { priceCents: 1_000 });
    const campaignId = await campaign({ limit: 3, amountOffCents: 1_500, listingId: boots, minOrderCents: 5_000 });
    const [cy] = await createCustomers(t.prisma, 1, "coupon-scope");
    const code = await win(campaignId, cy!);
    await fillCart(t.prisma, cy!, [
      [boots, 1],
      [socks, 3],
    ]);
    expect(await previewCoupon(t.prisma, { userId: cy!, code })).toMatchObject({
      ok: false,
      reason: "below-minimum",
      minOrderCents: 5_000,
      scopeCents: 3_000,
    });
    const result = await checkoutCart(t.prisma, cy!, [[boots, 1]], CARDS.visa, h.options, { couponCode: code });
    const order = await t.prisma.order.findUniqueOrThrow({ where: { id: result.orderId }, include: { items: true } });
    expect(order).toMatchObject({ status: "PAID", subtotalCents: 9_000, discountCents: 1_500, totalCents: 7_500 });
    expect(order.items.find((item) => item.listingId === boots)).toMatchObject({ quantity: 2, discountCents: 1_500 });
    expect(order.items.find((item) => item.listingId === socks)).toMatchObject({ discountCents: 0 });
    await expectAuditClean(t.prisma);
  });

  it.each([
    ["a declined card", CARDS.declined, "COMPENSATED", false],
    ["a good card", CARDS.visa, "COMPLETED", true],
  ] as const)(
    "a crash after redeeming a coupon, before paying, with %s: the recovery sweep ends it %s",
    async (_, paymentMethod, sagaStatus, kept) => {
      const h = checkoutHarness();
      const vase = await shop.listing(2, { priceCents: 2_000 });
      const campaignId = await campaign({ limit: 2, discountPercent: 50 });
      const [dee] = await createCustomers(t.prisma, 1, "coupon-crash");
      const code = await win(campaignId, dee!);
      await fillCart(t.prisma, dee!, [[vase, 1]]);
      const crashing = {
        ...h.options,
        failpoint: (at: string) => {
          if (at === "after:DISCOUNTS") throw new Error("crash");
        },
      };
      await expect(checkout(t.prisma, dee!, paymentMethod, crashing, { couponCode: code })).rejects.toThrow("crash");
      const order = await t.prisma.order.findFirstOrThrow({ where: { userId: dee! } });
      expect(await grantOf(campaignId, dee!)).toMatchObject({ orderId: order.id, discountCents: 1_000 });

      await expireLeases();
      await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 });
      expect(await t.prisma.checkoutSaga.findFirstOrThrow({ where: { orderId: order.id } })).toMatchObject({ status: sagaStatus });
      expect(await grantOf(campaignId, dee!)).toMatchObject(
        kept ? { orderId: order.id, discountCents: 1_000 } : { orderId: null, redeemedAt: null, userId: dee },
      );
      expect(await t.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ totalCents: kept ? 1_000 : 2_000 });
      await expectAuditClean(t.prisma);
    },
  );
});
