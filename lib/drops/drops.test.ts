// The drop line on a real database, raced (I12): one place per account, one shuffle at the
// start, admission strictly in place order at the set rate and within the cap, and no
// add-to-cart, checkout or coupon claim of a drop without a live admission of that customer.
// Time never passes by sleeping: the drop's clock columns are moved back with an UPDATE.
import { beforeAll, describe, expect, it } from "vitest";
import { addToCartBatch, runAddToCart, runReserveCartLine, runSetCartQuantity } from "@/lib/cart/cart-lines";
import { payOrderAgain } from "@/lib/checkout/start-checkout";
import { claimCoupon } from "@/lib/coupons/claim-coupon";
import { createCampaign } from "@/lib/coupons/create-campaign";
import { admitDrop, sweepDrops } from "@/lib/drops/admit";
import { joinDrop } from "@/lib/drops/join";
import { getDropPlace } from "@/lib/drops/place";
import { getDropStats } from "@/lib/drops/queries";
import type { DropSettings } from "@/lib/drops/schemas";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { setTransport } from "@/lib/notifications/transport";
import { runStep } from "@/lib/steps/run-step";
import { expireHolds } from "@/test/support/age";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkout, checkoutHarness } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Drop Goods");
  setTransport({ send: async () => undefined });
});

const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);
const DEFAULTS: DropSettings = { opensBeforeMs: 2 * HOUR, admitPerMinute: 600, maxAdmitted: null, admissionSeconds: 600 };

/** A flash sale on a new listing, starting in an hour, run as a drop whose line is open now. */
async function saleDrop(stock: number, settings: Partial<DropSettings> = {}) {
  const listingId = await shop.listing(stock);
  const created = await runStep(t.prisma, createFlashSale, {
    shopId: shop.shopId,
    listingId,
    slots: Math.min(stock, 10),
    discount: { kind: "percent", percent: 20 },
    startsAt: inHours(1),
    endsAt: inHours(3),
    drop: { ...DEFAULTS, ...settings },
  });
  if (!created.ok || !created.dropId) throw new Error(`sale drop: ${created.ok ? "no drop" : created.reason}`);
  return { listingId, saleId: created.saleId, dropId: created.dropId };
}

/** The drop's start comes now: its sale (or campaign) and its line start this instant. */
async function startNow(dropId: string) {
  await t.prisma.$executeRaw`
    WITH d AS (UPDATE drops SET starts_at = now() WHERE id = ${dropId}::uuid RETURNING flash_sale_id, campaign_id)
    UPDATE flash_sales SET starts_at = now() WHERE id = (SELECT flash_sale_id FROM d)`;
  await t.prisma.$executeRaw`
    UPDATE coupon_campaigns SET starts_at = now() WHERE id = (SELECT campaign_id FROM drops WHERE id = ${dropId}::uuid)`;
}

/**
 * `seconds` pass for the drop's admission: its clock (the shuffle, the token bucket) and its
 * line's arrivals move that far into the past. Admissions and the ledger keep their times, so
 * the audit still compares every hold with the admission it was made under.
 */
async function passSeconds(dropId: string, seconds: number) {
  await t.prisma.$transaction([
    t.prisma.$executeRaw`
      UPDATE drops SET shuffled_at = shuffled_at - make_interval(secs => ${seconds}), credit_at = credit_at - make_interval(secs => ${seconds})
       WHERE id = ${dropId}::uuid`,
    t.prisma.$executeRaw`UPDATE drop_places SET joined_at = joined_at - make_interval(secs => ${seconds}) WHERE drop_id = ${dropId}::uuid`,
  ]);
}

const dropRow = (dropId: string) => t.prisma.drop.findUniqueOrThrow({ where: { id: dropId } });
const placesOf = (dropId: string) => t.prisma.dropPlace.findMany({ where: { dropId }, orderBy: { place: "asc" } });

describe("a fair line in front of a drop (I12)", () => {
  it("1,000 customers joining at once before the start get 1,000 places, shuffled once, admitted in place order at the rate", async () => {
    const { dropId } = await saleDrop(50, { admitPerMinute: 600 });
    const customers = await createCustomers(t.prisma, 1_000, "early");
    const crowd = t.newClient(10);
    const joined = await Promise.all(customers.map((userId) => joinDrop(crowd, { dropId, userId })));
    expect(joined.every((result) => result.ok && result.joined && result.place === null)).toBe(true);
    expect(await t.prisma.dropPlace.count({ where: { dropId } })).toBe(1_000);

    // The start: four instances race to number the line; exactly one does, once.
    await startNow(dropId);
    const shufflers = [t.newClient(2), t.newClient(2), t.newClient(2), t.newClient(2)];
    const numbered = await Promise.all(
      shufflers.map((client) => client.$queryRaw<{ n: number }[]>`SELECT shuffle_drop(${dropId}::uuid) AS n`.then((rows) => rows[0]!.n)),
    );
    expect(numbered.sort((a, b) => b - a)).toEqual([1_000, 0, 0, 0]);
    const places = await placesOf(dropId);
    expect(places.map((place) => place.place)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(places.every((place) => place.shuffled)).toBe(true);

    // Admission: 600 a minute holds a burst of 50 (five seconds' worth). Racing admitters on
    // several instances admit each batch once, in place order, never ahead of the rate.
    const admitters = [t.newClient(2), t.newClient(2), t.newClient(2)];
    const race = () =>
      Promise.all(admitters.map((client) => admitDrop(client, dropId))).then((counts) => counts.reduce((a, b) => a + b, 0));
    expect(await race()).toBe(50);
    // 600 a minute is 10 a second: two seconds later, 20 more (and a little for the
    // milliseconds the test itself takes, never more than the clock allows).
    let admittedSoFar = 50;
    for (let step = 0; step < 5; step++) {
      await passSeconds(dropId, 2);
      const batch = await race();
      expect(batch).toBeGreaterThanOrEqual(20);
      expect(batch).toBeLessThanOrEqual(22);
      admittedSoFar += batch;
    }
    const drop = await dropRow(dropId);
    expect(drop.admittedThrough).toBe(admittedSoFar);
    const admitted = (await placesOf(dropId)).filter((place) => place.admittedAt);
    expect(admitted.map((place) => place.place)).toEqual(Array.from({ length: admittedSoFar }, (_, i) => i + 1));
    // Batches in place order: a later place was never admitted before an earlier one.
    for (let i = 1; i < admitted.length; i++)
      expect(admitted[i]!.admittedAt!.getTime()).toBeGreaterThanOrEqual(admitted[i - 1]!.admittedAt!.getTime());
    expect(await t.prisma.notification.count({ where: { kind: "drop-turn", payload: { path: ["dropId"], equals: dropId } } })).toBe(
      admittedSoFar,
    );

    // Fairness of the shuffle: where the early and the late among the early joiners ended up.
    const arrivalRank = new Map([...places].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime()).map((place, i) => [place.id, i]));
    const n = places.length;
    const rho =
      1 - (6 * places.reduce((sum, place) => sum + (arrivalRank.get(place.id)! - (place.place! - 1)) ** 2, 0)) / (n * (n * n - 1));
    const firstHalf = places.filter((place) => arrivalRank.get(place.id)! < n / 2);
    const meanPlaceOfFirstHalf = firstHalf.reduce((sum, place) => sum + place.place!, 0) / firstHalf.length;
    const firstTenthInFront = places.filter((place) => arrivalRank.get(place.id)! < n / 10 && place.place! <= n / 10).length;
    console.log(
      `pre-start shuffle of ${n}: rank correlation arrival vs place ${rho.toFixed(3)} (0 = no relation); mean place of the first half to arrive ${meanPlaceOfFirstHalf.toFixed(0)} (${((n + 1) / 2).toFixed(0)} expected); of the first ${n / 10} to arrive, ${firstTenthInFront} got a place in the first ${n / 10} (${n / 100} expected)`,
    );
    expect(Math.abs(rho)).toBeLessThan(0.15);
    expect(Math.abs(meanPlaceOfFirstHalf - (n + 1) / 2)).toBeLessThan(n * 0.06);
    await expectAuditClean(t.prisma);
  });

  it("after the start, places follow arrival and admission follows places: 100% in order", async () => {
    const { dropId } = await saleDrop(20, { admitPerMinute: 6_000 });
    await startNow(dropId);
    const customers = await createCustomers(t.prisma, 300, "late");
    const crowd = t.newClient(10);
    // Joins and admission batches all at once, as a launch crowd on several instances.
    const admitters = [t.newClient(2), t.newClient(2)];
    const [results] = await Promise.all([
      Promise.all(customers.map((userId) => joinDrop(crowd, { dropId, userId }))),
      Promise.all(
        admitters.map(async (client) => {
          for (let i = 0; i < 10; i++) await admitDrop(client, dropId);
        }),
      ),
    ]);
    expect(results.every((result) => result.ok && result.place !== null)).toBe(true);
    const places = await placesOf(dropId);
    expect(places.map((place) => place.place)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const byArrival = [...places].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
    const inOrder = byArrival.filter((place, i) => place.place === i + 1).length;
    console.log(
      `after the start: ${inOrder} of ${places.length} places in arrival order (${((inOrder / places.length) * 100).toFixed(0)}%)`,
    );
    expect(inOrder).toBe(places.length);
    // Everyone arriving after the start lines up behind: admitted strictly by place.
    for (let i = 0; i < 40; i++) {
      await passSeconds(dropId, 1);
      await admitDrop(t.prisma, dropId);
    }
    const admitted = (await placesOf(dropId)).filter((place) => place.admittedAt);
    expect(admitted.length).toBe((await dropRow(dropId)).admittedThrough);
    expect(admitted.map((place) => place.place)).toEqual(Array.from({ length: admitted.length }, (_, i) => i + 1));
    await expectAuditClean(t.prisma);
  });

  it("one place per account, however many tabs join at once, before and after the start", async () => {
    const { dropId } = await saleDrop(5);
    const [alice, bob] = await createCustomers(t.prisma, 2, "tabs");
    const early = await Promise.all(Array.from({ length: 8 }, () => joinDrop(t.newClient(1), { dropId, userId: alice! })));
    expect(early.filter((result) => result.ok && result.joined)).toHaveLength(1);
    await startNow(dropId);
    const late = await Promise.all(Array.from({ length: 8 }, () => joinDrop(t.newClient(1), { dropId, userId: bob! })));
    expect(late.filter((result) => result.ok && result.joined)).toHaveLength(1);
    expect(new Set(late.map((result) => (result.ok ? result.place : null)))).toEqual(new Set([2]));
    expect(await t.prisma.dropPlace.count({ where: { dropId } })).toBe(2);
    const drop = await dropRow(dropId);
    expect(drop.lastPlace).toBe(2);
    expect(await joinDrop(t.prisma, { dropId, userId: alice! })).toEqual({ ok: true, dropId, place: 1, joined: false });
  });

  it("a line not open yet, or a drop that ended, takes no one", async () => {
    const { dropId, saleId } = await saleDrop(5, { opensBeforeMs: HOUR / 2 });
    const [carol] = await createCustomers(t.prisma, 1, "early-bird");
    expect(await joinDrop(t.prisma, { dropId, userId: carol! })).toEqual({ ok: false, reason: "not-open" });
    await t.prisma
      .$executeRaw`UPDATE drops SET opens_at = now() - interval '1 hour', starts_at = now() - interval '1 minute' WHERE id = ${dropId}::uuid`;
    await t.prisma
      .$executeRaw`UPDATE flash_sales SET starts_at = now() - interval '1 minute', ended_early_at = now() WHERE id = ${saleId}::uuid`;
    expect(await joinDrop(t.prisma, { dropId, userId: carol! })).toEqual({ ok: false, reason: "closed" });
    expect(await t.prisma.dropPlace.count({ where: { dropId } })).toBe(0);
  });

  it("the cap: at most N admitted at once; an admission that runs out or is used makes room for the next", async () => {
    const { dropId, listingId } = await saleDrop(20, { admitPerMinute: 6_000, maxAdmitted: 3 });
    const customers = await createCustomers(t.prisma, 8, "capped");
    for (const userId of customers) await joinDrop(t.prisma, { dropId, userId });
    await startNow(dropId);
    await admitDrop(t.prisma, dropId);
    await passSeconds(dropId, 60);
    expect(await admitDrop(t.prisma, dropId)).toBe(0);
    expect((await dropRow(dropId)).admittedThrough).toBe(3);
    // One runs out unused, one is used (a purchase): two rooms for the next two.
    const [first, second] = (await placesOf(dropId)).filter((place) => place.admittedAt);
    await t.prisma.$executeRaw`UPDATE drop_places SET admission_ends_at = now() WHERE id = ${first!.id}::uuid`;
    await runAddToCart(t.prisma, { userId: second!.userId, listingId, quantity: 1, ttlMs: HOUR });
    expect(await checkout(t.prisma, second!.userId, CARDS.visa, checkoutHarness().options)).toMatchObject({
      saga: { status: "COMPLETED" },
    });
    await passSeconds(dropId, 60);
    expect(await admitDrop(t.prisma, dropId)).toBe(2);
    expect((await dropRow(dropId)).admittedThrough).toBe(5);
    await expectAuditClean(t.prisma);
  });

  it("the owner sees the line live: waiting, admitted, bought, the pace, and the line over time", async () => {
    const { dropId, saleId } = await saleDrop(5, { admitPerMinute: 12, maxAdmitted: 2 });
    const customers = await createCustomers(t.prisma, 6, "watched");
    for (const userId of customers) await joinDrop(t.prisma, { dropId, userId });
    expect(await getDropStats(t.prisma, { shopId: shop.shopId, dropId })).toMatchObject({
      phase: "open",
      joined: 6,
      waiting: 6,
      admittedNow: 0,
    });
    await startNow(dropId);
    await admitDrop(t.prisma, dropId);
    const stats = await getDropStats(t.prisma, { shopId: shop.shopId, dropId });
    expect(stats).toMatchObject({ phase: "running", joined: 6, waiting: 5, admittedNow: 1, admittedTotal: 1, bought: 0, maxAdmitted: 2 });
    expect(stats?.lastWaitSeconds).toBe(25); // five waiting at twelve a minute
    expect(stats?.history.length).toBeGreaterThan(10);
    expect(stats?.history.at(-1)).toMatchObject({ waiting: 5, admittedNow: 1 });
    // The sale's page finds the same view by the sale.
    expect(await getDropStats(t.prisma, { shopId: shop.shopId, flashSaleId: saleId })).toMatchObject({
      dropId,
      phase: "running",
      joined: 6,
      waiting: 5,
      admittedNow: 1,
      admittedTotal: 1,
      bought: 0,
      maxAdmitted: 2,
      history: expect.arrayContaining([expect.objectContaining({ waiting: 5, admittedNow: 1 })]),
    });
    // Another shop's owner sees nothing of it, by the drop or by the sale.
    const other = await createShop(t.prisma, "Nosy Goods");
    expect(await getDropStats(t.prisma, { shopId: other.shopId, dropId })).toBeNull();
    expect(await getDropStats(t.prisma, { shopId: other.shopId, flashSaleId: saleId })).toBeNull();
  });

  it("the sweep and the place poll move the line between cron runs", async () => {
    const { dropId } = await saleDrop(5, { admitPerMinute: 12 });
    const customers = await createCustomers(t.prisma, 4, "polled");
    for (const userId of customers) await joinDrop(t.prisma, { dropId, userId });
    await startNow(dropId);
    // The first poll after the start finds the line unnumbered: it shuffles and admits the burst (one, at 12 a minute).
    const first = await getDropPlace(t.prisma, dropId, customers[0]!);
    expect(first?.phase).toBe("running");
    expect((await dropRow(dropId)).admittedThrough).toBe(1);
    const places = await placesOf(dropId);
    const second = places.find((place) => place.place === 2)!;
    const waiting = await getDropPlace(t.prisma, dropId, second.userId);
    expect(waiting?.turn).toMatchObject({ state: "waiting", place: 2, ahead: 0, estimatedWaitSeconds: 5 });
    await passSeconds(dropId, 5);
    const turn = await getDropPlace(t.prisma, dropId, second.userId);
    expect(turn?.turn).toMatchObject({ state: "admitted", place: 2 });
    await passSeconds(dropId, 5);
    expect((await sweepDrops(t.prisma)).admitted).toBeGreaterThanOrEqual(1);
    expect((await dropRow(dropId)).admittedThrough).toBe(3);
    expect(await getDropPlace(t.prisma, dropId, null)).toMatchObject({ turn: { state: "out" }, waiting: 1 });
  });
});

describe("nothing of a running drop without a live admission of that customer (I12)", () => {
  it("add to cart, a raised line, checkout and paying again are refused without admission, and write nothing", async () => {
    const { listingId, dropId } = await saleDrop(10, { admitPerMinute: 60, maxAdmitted: 1 });
    const [outsider, waiter, admitted, other] = await createCustomers(t.prisma, 4, "gate");
    // Before the line opened, the outsider put one in their cart.
    await t.prisma.$executeRaw`UPDATE drops SET opens_at = now() + interval '30 minutes' WHERE id = ${dropId}::uuid`;
    const before = await runAddToCart(t.prisma, { userId: outsider!, listingId, quantity: 1, ttlMs: HOUR });
    expect(before).toMatchObject({ ok: true, line: { status: "reserved" } });
    await t.prisma.$executeRaw`UPDATE drops SET opens_at = now() WHERE id = ${dropId}::uuid`;

    await joinDrop(t.prisma, { dropId, userId: admitted! });
    await joinDrop(t.prisma, { dropId, userId: waiter! });
    // Before the start nobody is admitted: everyone is refused, each with their own reason.
    expect(await runAddToCart(t.prisma, { userId: admitted!, listingId, quantity: 1, ttlMs: HOUR })).toEqual({
      ok: false,
      reason: "drop-wait-turn",
    });
    await startNow(dropId);
    await admitDrop(t.prisma, dropId);
    const first = (await placesOf(dropId)).find((place) => place.place === 1)!;
    const [theAdmitted, theWaiter] = first.userId === admitted ? [admitted, waiter!] : [waiter!, admitted!];

    const movementsBefore = await t.prisma.inventoryMovement.count({ where: { listingId } });
    const linesBefore = await t.prisma.cartItem.count({ where: { listingId } });
    const refusals = await Promise.all([
      runAddToCart(t.newClient(2), { userId: other!, listingId, quantity: 1, ttlMs: HOUR }),
      runAddToCart(t.newClient(2), { userId: theWaiter, listingId, quantity: 1, ttlMs: HOUR }),
      addToCartBatch(t.prisma, [
        { userId: other!, listingId, quantity: 1, ttlMs: HOUR },
        { userId: theWaiter, listingId, quantity: 2, ttlMs: HOUR },
      ]),
      runSetCartQuantity(t.prisma, {
        userId: outsider!,
        cartItemId: (before as { line: { cartItemId: string } }).line.cartItemId,
        quantity: 3,
        ttlMs: HOUR,
      }),
    ]);
    expect(refusals).toEqual([
      { ok: false, reason: "drop-join-line" },
      { ok: false, reason: "drop-wait-turn" },
      [
        { ok: false, reason: "drop-join-line" },
        { ok: false, reason: "drop-wait-turn" },
      ],
      { ok: false, reason: "drop-join-line" },
    ]);
    // The outsider's line from before the drop cannot be checked out while it runs.
    const h = checkoutHarness();
    expect(await checkout(t.prisma, outsider!, CARDS.visa, h.options)).toMatchObject({ ok: false, reason: "drop-join-line" });
    expect(await t.prisma.inventoryMovement.count({ where: { listingId } })).toBe(movementsBefore);
    expect(await t.prisma.cartItem.count({ where: { listingId } })).toBe(linesBefore);
    expect(await t.prisma.order.count({ where: { userId: outsider! } })).toBe(0);

    // The admitted customer adds and buys; the purchase uses the admission up.
    expect(await runAddToCart(t.prisma, { userId: theAdmitted, listingId, quantity: 1, ttlMs: HOUR })).toMatchObject({
      ok: true,
      line: { status: "reserved" },
    });
    const bought = await checkout(t.prisma, theAdmitted, CARDS.visa, h.options);
    expect(bought).toMatchObject({ ok: true, saga: { status: "COMPLETED" } });
    expect((await placesOf(dropId)).find((place) => place.userId === theAdmitted)).toMatchObject({ endReason: "purchased" });
    expect(await runAddToCart(t.prisma, { userId: theAdmitted, listingId, quantity: 1, ttlMs: HOUR })).toEqual({
      ok: false,
      reason: "drop-turn-ended",
    });
    // The used admission made room (cap 1): the waiter's turn comes, and it can run out.
    await passSeconds(dropId, 60);
    await admitDrop(t.prisma, dropId);
    const line = await runAddToCart(t.prisma, { userId: theWaiter, listingId, quantity: 1, ttlMs: HOUR });
    expect(line).toMatchObject({ ok: true, line: { status: "reserved" } });
    await t.prisma.$executeRaw`
      UPDATE drop_places SET admission_ends_at = now()
       WHERE drop_id = ${dropId}::uuid AND user_id = ${theWaiter}::uuid`;
    // Their hold lapses too: reserving the line again would take a unit, which the line refuses now.
    await expireHolds(t.prisma, { userId: theWaiter, listingId });
    expect(
      await runReserveCartLine(t.prisma, {
        userId: theWaiter,
        cartItemId: (line as { line: { cartItemId: string } }).line.cartItemId,
        ttlMs: HOUR,
      }),
    ).toEqual({
      ok: false,
      reason: "drop-turn-ended",
    });
    expect(await checkout(t.prisma, theWaiter, CARDS.visa, h.options)).toMatchObject({ ok: false, reason: "drop-turn-ended" });
    await expectAuditClean(t.prisma);
  });

  it("paying an order again reserves anew: refused once the admission is over", async () => {
    const { listingId, dropId } = await saleDrop(10, { admitPerMinute: 60 });
    const [buyer] = await createCustomers(t.prisma, 1, "again");
    await joinDrop(t.prisma, { dropId, userId: buyer! });
    await startNow(dropId);
    await admitDrop(t.prisma, dropId);
    const h = checkoutHarness();
    await runAddToCart(t.prisma, { userId: buyer!, listingId, quantity: 1, ttlMs: HOUR });
    const declined = await checkout(t.prisma, buyer!, CARDS.declined, h.options);
    if (!declined.ok) throw new Error(`checkout refused: ${declined.reason}`);
    expect(declined.saga.status).toBe("COMPENSATED");
    await t.prisma.$executeRaw`
      UPDATE drop_places SET admission_ends_at = now()
       WHERE drop_id = ${dropId}::uuid AND user_id = ${buyer!}::uuid`;
    const again = await payOrderAgain(
      t.prisma,
      { userId: buyer!, orderId: declined.orderId, idempotencyKey: crypto.randomUUID(), card: { paymentMethod: CARDS.visa } },
      h.options,
    );
    expect(again).toMatchObject({ ok: false, reason: "drop-turn-ended" });
    expect(h.captures(declined.orderId)).toBe(0);
    expect(await t.prisma.hold.count({ where: { orderId: declined.orderId, status: "ACTIVE" } })).toBe(0);
    await expectAuditClean(t.prisma);
  });

  it("a drop campaign's coupons are claimed only by admitted customers, and a claim uses the admission", async () => {
    const created = await runStep(t.prisma, createCampaign, {
      shopId: shop.shopId,
      name: "Drop coupons",
      limit: 5,
      discountPercent: 10,
      amountOffCents: null,
      listingId: null,
      minOrderCents: 0,
      startsAt: inHours(1),
      endsAt: inHours(3),
      drop: { ...DEFAULTS, admitPerMinute: 60 },
    });
    if (!created.ok || !created.dropId) throw new Error("campaign drop");
    const { campaignId, dropId } = created;
    const [inLine, outside] = await createCustomers(t.prisma, 2, "claimers");
    await joinDrop(t.prisma, { dropId, userId: inLine! });
    expect(await runStep(t.prisma, claimCoupon, { campaignId, userId: inLine! })).toEqual({ ok: false, reason: "drop-wait-turn" });
    await startNow(dropId);
    expect(await runStep(t.prisma, claimCoupon, { campaignId, userId: outside! })).toEqual({ ok: false, reason: "drop-join-line" });
    await admitDrop(t.prisma, dropId);
    expect(await runStep(t.prisma, claimCoupon, { campaignId, userId: inLine! })).toMatchObject({ ok: true, won: true, sequence: 1 });
    expect(await t.prisma.dropPlace.findFirst({ where: { dropId, userId: inLine! } })).toMatchObject({ endReason: "claimed" });
    expect(await t.prisma.couponGrant.count({ where: { campaignId } })).toBe(1);
    await expectAuditClean(t.prisma);
  });
});
