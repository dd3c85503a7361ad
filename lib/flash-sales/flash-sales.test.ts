// Flash sales on a real database through the real checkout saga (I6): the first K buyers get
// the sale price, a failed checkout's slot goes to the next buyer, a crash between claiming a
// slot and paying is recovered, and an owner's sale is validated by the database itself.
import { beforeAll, describe, expect, it } from "vitest";
import { recoverCheckouts } from "@/lib/checkout/recover";
import type { CheckoutResult } from "@/lib/checkout/start-checkout";
import { createFlashSale, endFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { getListingSales, getShopSale } from "@/lib/flash-sales/queries";
import type { SaleDiscount } from "@/lib/flash-sales/sale-terms";
import { createFlashSaleSchema } from "@/lib/flash-sales/schemas";
import { setTransport } from "@/lib/notifications/transport";
import { runStep } from "@/lib/steps/run-step";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkout, checkoutCart, checkoutHarness, fillCart } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Flash Goods");
  setTransport({ send: async () => undefined });
});

const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);

async function startSale(listingId: string, slots: number, discount: SaleDiscount = { kind: "percent", percent: 20 }) {
  const created = await runStep(t.prisma, createFlashSale, {
    shopId: shop.shopId,
    listingId,
    slots,
    discount,
    startsAt: inHours(-1),
    endsAt: inHours(2),
  });
  if (!created.ok) throw new Error(`sale: ${created.reason}`);
  return created.saleId;
}

const expireLeases = () => t.prisma.$executeRaw`
  UPDATE checkout_sagas SET locked_until = now() - interval '1 second' WHERE status IN ('RUNNING', 'COMPENSATING')`;

const claimsOf = (flashSaleId: string) => t.prisma.flashSaleClaim.findMany({ where: { flashSaleId }, orderBy: { createdAt: "asc" } });

describe("creating a flash sale", () => {
  it("refuses more slots than units, a sale price not below the price, a window in the past, and another shop's listing", async () => {
    const listing = await shop.listing(5, { priceCents: 4_000 });
    const base = {
      shopId: shop.shopId,
      listingId: listing,
      startsAt: inHours(0),
      endsAt: inHours(1),
      discount: { kind: "percent", percent: 10 } as SaleDiscount,
    };
    expect(await runStep(t.prisma, createFlashSale, { ...base, slots: 6 })).toEqual({ ok: false, reason: "slots-above-stock", onHand: 5 });
    expect(
      await runStep(t.prisma, createFlashSale, { ...base, slots: 2, discount: { kind: "price", salePriceCents: 4_000 } }),
    ).toMatchObject({
      ok: false,
      reason: "price-not-lower",
      priceCents: 4_000,
    });
    expect(await runStep(t.prisma, createFlashSale, { ...base, slots: 2, startsAt: inHours(-3), endsAt: inHours(-2) })).toEqual({
      ok: false,
      reason: "ends-in-past",
    });
    const other = await createShop(t.prisma, "Other Goods");
    expect(await runStep(t.prisma, createFlashSale, { ...base, shopId: other.shopId, slots: 2 })).toEqual({
      ok: false,
      reason: "not-found",
    });
    expect(await runStep(t.prisma, createFlashSale, { ...base, slots: 5 })).toMatchObject({ ok: true });
  });

  it("the form's schema wants K >= 1, a percentage or a price, and an end after the start", () => {
    const form = {
      listingId: crypto.randomUUID(),
      kind: "percent",
      percent: "",
      salePrice: "",
      slots: "0",
      startsAt: "2026-12-01T10:00:00+02:00",
      endsAt: "2026-12-01T09:00:00+02:00",
    };
    const parsed = createFlashSaleSchema.safeParse(form);
    expect(parsed.success).toBe(false);
    const fields = Object.keys(parsed.error?.flatten().fieldErrors ?? {}).sort();
    expect(fields).toEqual(["endsAt", "percent", "slots"]);
    const good = createFlashSaleSchema.parse({
      ...form,
      kind: "price",
      salePrice: "19,90",
      slots: "3",
      endsAt: "2026-12-02T09:00:00+02:00",
    });
    expect(good).toMatchObject({ slots: 3, discount: { kind: "price", salePriceCents: 1_990 } });
    expect(good.startsAt.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    // A start that is not a date is that field's error, not a crash of the window check.
    const blank = createFlashSaleSchema.safeParse({ ...form, percent: "10", slots: "2", startsAt: "" });
    expect(blank.error?.flatten().fieldErrors).toEqual({ startsAt: ["Choose the start."] });
  });

  it("no two sales of one listing overlap, even when ten owners' tabs create them at the same moment", async () => {
    const listing = await shop.listing(10, { priceCents: 3_000 });
    const racers = t.newClient(6);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        runStep(racers, createFlashSale, {
          shopId: shop.shopId,
          listingId: listing,
          slots: 2,
          discount: { kind: "percent", percent: 10 + i },
          startsAt: inHours(1 + i * 0.1),
          endsAt: inHours(3),
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === "overlaps")).toHaveLength(9);
    // Back to back is fine; an early end frees the rest of the window.
    const after = await runStep(t.prisma, createFlashSale, {
      shopId: shop.shopId,
      listingId: listing,
      slots: 2,
      discount: { kind: "percent", percent: 5 },
      startsAt: inHours(3),
      endsAt: inHours(4),
    });
    expect(after.ok).toBe(true);
    const first = results.find((result) => result.ok);
    if (!first?.ok) throw new Error("no sale");
    expect(await runStep(t.prisma, endFlashSale, { shopId: shop.shopId, saleId: first.saleId })).toEqual({ ok: true });
    expect(await runStep(t.prisma, endFlashSale, { shopId: shop.shopId, saleId: first.saleId })).toEqual({
      ok: false,
      reason: "already-ended",
    });
    const refill = await runStep(t.prisma, createFlashSale, {
      shopId: shop.shopId,
      listingId: listing,
      slots: 2,
      discount: { kind: "percent", percent: 5 },
      startsAt: inHours(1.5),
      endsAt: inHours(2.5),
    });
    expect(refill.ok).toBe(true);
  });
});

describe("flash sale at checkout (I6)", () => {
  it("K = 10 on a listing with 50 units, 200 checkouts racing, 30 with the declined card: exactly 10 discounted paid orders, released slots won by later buyers", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(50, { priceCents: 10_000, title: "Launch sneaker" });
    const saleId = await startSale(listing, 10, { kind: "price", salePriceCents: 6_000 });
    const customers = await createCustomers(t.prisma, 200, "flash");
    // The first 50 into the cart hold the 50 units; the other 150 have the sneaker in the cart
    // with nothing left to hold, and get one only if a declined checkout gives its unit back.
    for (const userId of customers) await fillCart(t.prisma, userId, [[listing, 1]]);
    const holders = customers.slice(0, 50);
    const crowd = customers.slice(50);
    const declined = new Set(holders.filter((_, i) => i % 5 === 0 || i % 5 === 1 || i % 5 === 3));
    expect(declined.size).toBe(30);

    // The 50 holders check out at once; the crowd keeps arriving, three more each time one of
    // them finishes. All 200 start at the same instant and every saga would pass DISCOUNTS
    // before the first card is declined: nobody would be left to win a slot given back, which
    // is the point of the test. Arrivals tied to completions (not to a clock) make sure buyers
    // still come after the last declined checkout has released its slot.
    const racers = t.newClient(8);
    const started = performance.now();
    const arrivals: Promise<CheckoutResult>[] = [];
    let next = 0;
    const arrive = () => {
      for (let k = 0; k < 3 && next < crowd.length; k++) arrivals.push(checkout(racers, crowd[next++]!, CARDS.visa, h.options));
    };
    const first = await Promise.all(
      holders.map((userId) => checkout(racers, userId, declined.has(userId) ? CARDS.declined : CARDS.visa, h.options).finally(arrive)),
    );
    const results = [...first, ...(await Promise.all(arrivals))];
    const ms = Math.round(performance.now() - started);
    expect(results).toHaveLength(200);

    const orders = await t.prisma.order.findMany({ where: { items: { some: { listingId: listing } } }, include: { items: true } });
    const paid = orders.filter((order) => order.status === "PAID");
    const discounted = paid.filter((order) => order.discountCents > 0);
    const claims = await claimsOf(saleId);
    const released = claims.filter((claim) => claim.status === "RELEASED");
    const consumed = claims.filter((claim) => claim.status === "CONSUMED");
    const soldOut = results.filter((result) => !result.ok && result.reason === "nothing-left").length;
    console.log(
      `flash sale race: 200 checkouts (30 declined cards), 50 units, K=10 -> ${paid.length} paid, ${discounted.length} at the sale price, ` +
        `${released.length} slots released by declined checkouts and won again, ${soldOut} sold out, ${ms} ms`,
    );

    expect(discounted).toHaveLength(10);
    expect(consumed).toHaveLength(10);
    expect(new Set(consumed.map((claim) => claim.orderId))).toEqual(new Set(discounted.map((order) => order.id)));
    for (const order of discounted) expect(order).toMatchObject({ discountCents: 4_000, totalCents: 6_000 });
    // Every other paid order paid the full price: nobody past the K-th got the sale price.
    for (const order of paid.filter((o) => o.discountCents === 0)) expect(order.totalCents).toBe(10_000);
    expect(paid.every((order) => !declined.has(order.userId))).toBe(true);
    // Declined checkouts did win slots, gave them back, and the slots were won again later.
    expect(released.length).toBeGreaterThan(0);
    for (const claim of released) expect(declined.has(claim.userId)).toBe(true);
    const firstRelease = Math.min(...released.map((claim) => claim.endedAt!.getTime()));
    expect(consumed.some((claim) => claim.createdAt.getTime() >= firstRelease)).toBe(true);
    expect(await t.prisma.flashSale.findUniqueOrThrow({ where: { id: saleId } })).toMatchObject({ slots: 10, claimed: 10 });
    expect(paid.length).toBeLessThanOrEqual(50);
    expect(await listingLevels(t.prisma, listing)).toEqual({ onHand: 50 - paid.length, reserved: 0 });
    expect(soldOut + paid.length + results.filter((r) => r.ok && r.saga.status === "COMPENSATED").length).toBe(200);
    await expectAuditClean(t.prisma);
  }, 180_000);

  it("a buyer past the K-th pays the normal price; one slot per customer, even buying again", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(5, { priceCents: 5_000 });
    const saleId = await startSale(listing, 1, { kind: "percent", percent: 30 });
    const [ann, ben] = await createCustomers(t.prisma, 2, "flash-k1");
    const first = await checkoutCart(t.prisma, ann!, [[listing, 2]], CARDS.visa, h.options);
    // One slot is one unit at the sale price: the second unit costs the normal price.
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: first.orderId } })).toMatchObject({
      status: "PAID",
      discountCents: 1_500,
      totalCents: 8_500,
    });

    const second = await checkoutCart(t.prisma, ben!, [[listing, 1]], CARDS.visa, h.options);
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: second.orderId } })).toMatchObject({
      status: "PAID",
      discountCents: 0,
      totalCents: 5_000,
    });
    const [counter] = await getListingSales(t.prisma, [listing]);
    expect(counter).toMatchObject({ saleId, phase: "live", slots: 1, claimed: 1, left: 0, salePriceCents: 3_500 });
    await expectAuditClean(t.prisma);
  });

  it("a declined card gives the slot back to the next buyer; paying the order again claims anew", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(3, { priceCents: 2_000 });
    const saleId = await startSale(listing, 1);
    const [cy, dee] = await createCustomers(t.prisma, 2, "flash-declined");
    const declined = await checkoutCart(t.prisma, cy!, [[listing, 1]], CARDS.declined, h.options);
    expect(declined.saga.status).toBe("COMPENSATED");
    expect(await claimsOf(saleId)).toMatchObject([{ status: "RELEASED", userId: cy }]);
    // The order waits for another card at its full price: the discount went with the slot.
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: declined.orderId } })).toMatchObject({
      discountCents: 0,
      totalCents: 2_000,
    });

    const next = await checkoutCart(t.prisma, dee!, [[listing, 1]], CARDS.visa, h.options);
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: next.orderId } })).toMatchObject({
      status: "PAID",
      discountCents: 400,
      totalCents: 1_600,
    });
    expect((await claimsOf(saleId)).map((claim) => claim.status)).toEqual(["RELEASED", "CONSUMED"]);
    const detail = await getShopSale(t.prisma, shop.shopId, saleId);
    expect(detail?.claims.map((claim) => claim.status)).toEqual(["RELEASED", "CONSUMED"]);
    expect(detail).toMatchObject({ consumed: 1, claimed: 1, left: 0 });
    await expectAuditClean(t.prisma);
  });

  it.each([
    ["a declined card", CARDS.declined, "COMPENSATED", "RELEASED", 0],
    ["a good card", CARDS.visa, "COMPLETED", "CONSUMED", 1],
  ] as const)(
    "a crash after claiming a slot, before paying, with %s: the recovery sweep ends it %s",
    async (_, paymentMethod, sagaStatus, claimStatus, claimed) => {
      const h = checkoutHarness();
      const listing = await shop.listing(2, { priceCents: 3_000 });
      const saleId = await startSale(listing, 1);
      const [eve] = await createCustomers(t.prisma, 1, "flash-crash");
      await fillCart(t.prisma, eve!, [[listing, 1]]);
      const crashing = {
        ...h.options,
        failpoint: (at: string) => {
          if (at === "after:DISCOUNTS") throw new Error("crash");
        },
      };
      await expect(checkout(t.prisma, eve!, paymentMethod, crashing)).rejects.toThrow("crash");
      expect(await claimsOf(saleId)).toMatchObject([{ status: "CLAIMED" }]);
      expect(await getListingSales(t.prisma, [listing])).toMatchObject([{ left: 0 }]);

      await expireLeases();
      await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 });
      const saga = await t.prisma.checkoutSaga.findFirstOrThrow({ where: { userId: eve! } });
      expect(saga.status).toBe(sagaStatus);
      expect(await claimsOf(saleId)).toMatchObject([{ status: claimStatus }]);
      expect(await t.prisma.flashSale.findUniqueOrThrow({ where: { id: saleId } })).toMatchObject({ claimed });
      await expectAuditClean(t.prisma);
    },
  );

  it("an upcoming or ended sale discounts nothing; the counter says when it starts", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(4, { priceCents: 1_000 });
    const upcoming = await runStep(t.prisma, createFlashSale, {
      shopId: shop.shopId,
      listingId: listing,
      slots: 2,
      discount: { kind: "percent", percent: 50 },
      startsAt: inHours(1),
      endsAt: inHours(2),
    });
    if (!upcoming.ok) throw new Error(upcoming.reason);
    expect(await getListingSales(t.prisma, [listing])).toMatchObject([{ phase: "upcoming", left: 2, salePriceCents: 500 }]);
    const [fay] = await createCustomers(t.prisma, 1, "flash-upcoming");
    const result = await checkoutCart(t.prisma, fay!, [[listing, 1]], CARDS.visa, h.options);
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: result.orderId } })).toMatchObject({
      discountCents: 0,
      totalCents: 1_000,
    });
    expect(await runStep(t.prisma, endFlashSale, { shopId: shop.shopId, saleId: upcoming.saleId })).toEqual({ ok: true });
    expect(await getListingSales(t.prisma, [listing])).toEqual([]);
    await expectAuditClean(t.prisma);
  });
});
