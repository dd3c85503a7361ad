import { beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart-lines";
import { runSetListingActive, setListingActive } from "@/lib/listings/manage-listing";
import { listNotifications } from "@/lib/notifications/queries";
import { runCancelOrderByCustomer } from "@/lib/orders/cancel";
import { runStep } from "@/lib/steps/run-step";
import { sweepExpiredHolds } from "@/lib/stock/expire-holds";
import { getListingAvailability } from "@/lib/stock/listing-availability";
import { runReceiveListingStock } from "@/lib/stock/owner-stock";
import { joinWaitlist, leaveWaitlist } from "@/lib/waitlist/join-waitlist";
import { offerFreedUnits, offerWaitingListings, type OfferOptions } from "@/lib/waitlist/offer-freed-units";
import { expireHolds } from "@/test/support/age";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, placeOrderFor, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkout, checkoutHarness } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;
const OFFER: OfferOptions = { ttlMs: HOUR, maxQuantity: 5 };

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Waitlist Goods");
});

/** A listing whose only units are in `holders`' carts: sold out. */
async function soldOutListing(units: number, title = "Lantern"): Promise<{ listingId: string; holders: string[] }> {
  const listingId = await shop.listing(units, { title });
  const holders = await createCustomers(t.prisma, units, "holder");
  for (const userId of holders) await runStep(t.prisma, addToCart, { userId, listingId, quantity: 1, ttlMs: HOUR });
  return { listingId, holders };
}

/** Joins in this order, and makes that the list's order to the millisecond (created_at aged apart). */
async function joinInOrder(listingId: string, userIds: string[]): Promise<void> {
  for (const userId of userIds)
    expect(await runStep(t.prisma, joinWaitlist, { userId, listingId })).toMatchObject({ ok: true, joined: true });
  await t.prisma.$executeRaw`
    UPDATE waitlist_entries w SET created_at = now() - interval '1 hour' + (o.ord * interval '1 second')
      FROM unnest(${userIds}::uuid[]) WITH ORDINALITY AS o(user_id, ord)
     WHERE w.listing_id = ${listingId}::uuid AND w.user_id = o.user_id AND w.status = 'WAITING'`;
}

async function entries(listingId: string) {
  return t.prisma.waitlistEntry.findMany({ where: { listingId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

const offersFor = (userIds: string[]) => t.prisma.notification.count({ where: { userId: { in: userIds }, kind: "back-in-stock" } });

const placeOrderOf = (userId: string, listingId: string) => placeOrderFor(t.prisma, userId, [[listingId, 1]]);

describe("joining the waitlist", () => {
  it("makes one WAITING entry per customer however often they join, even twice at once", async () => {
    const { listingId } = await soldOutListing(1);
    const [ann] = await createCustomers(t.prisma, 1, "twice");
    const [first, second] = await Promise.all([
      runStep(t.newClient(1), joinWaitlist, { userId: ann!, listingId }),
      runStep(t.newClient(1), joinWaitlist, { userId: ann!, listingId }),
    ]);
    expect([first, second].every((result) => result.ok)).toBe(true);
    expect(await runStep(t.prisma, joinWaitlist, { userId: ann!, listingId })).toEqual({ ok: true, joined: false });
    expect(await t.prisma.waitlistEntry.count({ where: { listingId, userId: ann! } })).toBe(1);

    // Leaving ends the wait; joining again makes a new entry.
    expect(await runStep(t.prisma, leaveWaitlist, { userId: ann!, listingId })).toEqual({ ok: true });
    expect(await runStep(t.prisma, leaveWaitlist, { userId: ann!, listingId })).toEqual({ ok: false, reason: "not-waiting" });
    expect(await runStep(t.prisma, joinWaitlist, { userId: ann!, listingId })).toEqual({ ok: true, joined: true });
    expect((await entries(listingId)).map((entry) => entry.status)).toEqual(["LEFT", "WAITING"]);
  });

  it("refuses while units are free, for a missing or paused listing, and for a customer who holds one", async () => {
    const inStock = await shop.listing(2);
    const [bea] = await createCustomers(t.prisma, 1, "refused");
    expect(await runStep(t.prisma, joinWaitlist, { userId: bea!, listingId: inStock })).toEqual({
      ok: false,
      reason: "in-stock",
      available: 2,
    });
    expect(await runStep(t.prisma, joinWaitlist, { userId: bea!, listingId: crypto.randomUUID() })).toEqual({
      ok: false,
      reason: "not-found",
    });

    const { listingId, holders } = await soldOutListing(1);
    expect(await runStep(t.prisma, joinWaitlist, { userId: holders[0]!, listingId })).toEqual({ ok: false, reason: "already-held" });
    await runStep(t.prisma, setListingActive, { shopId: shop.shopId, listingId, active: false });
    expect(await runStep(t.prisma, joinWaitlist, { userId: bea!, listingId })).toEqual({ ok: false, reason: "inactive" });
    expect(await t.prisma.waitlistEntry.count({ where: { userId: bea! } })).toBe(0);
  });

  it("shows the viewer whether they are waiting in the listing's live availability", async () => {
    const { listingId } = await soldOutListing(1);
    const [cid, dan] = await createCustomers(t.prisma, 2, "viewer");
    await runStep(t.prisma, joinWaitlist, { userId: cid!, listingId });
    expect(await getListingAvailability(t.prisma, listingId, cid!)).toMatchObject({ available: 0, waiting: true });
    expect(await getListingAvailability(t.prisma, listingId, dan!)).toMatchObject({ waiting: false });
    expect(await getListingAvailability(t.prisma, listingId, null)).toMatchObject({ waiting: false });
  });
});

describe("freed units go to the waitlist first come first served, never oversubscribed", () => {
  it("3 units freed at once by 3 triggers, with offerers racing: the first 3 of 12 waiters get one each", async () => {
    // Sold out: one unit in Hal's cart, one in Ida's order awaiting payment.
    const listingId = await shop.listing(2, { title: "Storm Lantern" });
    const [hal, ida] = await createCustomers(t.prisma, 2, "race-holder");
    await runStep(t.prisma, addToCart, { userId: hal!, listingId, quantity: 1, ttlMs: HOUR });
    const idaOrder = await placeOrderOf(ida!, listingId);
    expect(await getListingAvailability(t.prisma, listingId, null)).toMatchObject({ available: 0 });

    const waiters = await createCustomers(t.prisma, 12, "race-waiter");
    await joinInOrder(listingId, waiters);
    await expireHolds(t.prisma, { userId: hal!, listingId });

    // At the same moment: the owner receives 1, the hold sweep tidies Hal's lapsed hold, Ida
    // cancels her order, and three more offerers run (each trigger offers after its commit).
    const client = () => t.newClient(3);
    const [received, swept, cancelled, ...offers] = await Promise.all([
      runReceiveListingStock(client(), { shopId: shop.shopId, listingId, actorId: shop.ownerId, quantity: 1 }),
      sweepExpiredHolds(client(), { batchSize: 50 }),
      runCancelOrderByCustomer(client(), { userId: ida!, orderId: idaOrder }),
      offerFreedUnits(client(), [listingId], OFFER),
      offerFreedUnits(client(), [listingId], OFFER),
      offerWaitingListings(client(), OFFER),
    ]);
    expect(received.ok && cancelled.ok).toBe(true);
    console.log(
      `waitlist race: sweep expired ${swept.expiredHolds} (offers ${swept.waitlistOffers}), offerers ${offers.map((o) => o.offered).join(" + ")}`,
    );

    const list = await entries(listingId);
    expect(list.map((entry) => entry.status)).toEqual([...Array<string>(3).fill("OFFERED"), ...Array<string>(9).fill("WAITING")]);
    const offered = list.slice(0, 3);
    expect(offered.map((entry) => entry.userId)).toEqual(waiters.slice(0, 3));
    for (const entry of offered) {
      const holds = await t.prisma.hold.findMany({ where: { userId: entry.userId, listingId } });
      expect(holds).toEqual([expect.objectContaining({ id: entry.holdId, status: "ACTIVE", quantity: 1, orderId: null })]);
      expect(holds[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    }
    expect(await offersFor(waiters)).toBe(3);
    expect(await offersFor(waiters.slice(0, 3))).toBe(3);
    // Nobody else was left with a cart line that reserves nothing.
    expect(await t.prisma.cartItem.count({ where: { listingId, cart: { userId: { in: waiters.slice(3) } } } })).toBe(0);
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 3, reserved: 3 });
    await expectAuditClean(t.prisma);

    // A waiter whose reserved unit lapses loses it, and the next in line is offered it.
    await expireHolds(t.prisma, { userId: waiters[0]!, listingId });
    const again = await sweepExpiredHolds(t.prisma, { batchSize: 50 });
    expect(again).toMatchObject({ expiredHolds: 1, waitlistOffers: 1 });
    const after = await entries(listingId);
    expect(after.filter((entry) => entry.status === "OFFERED").map((entry) => entry.userId)).toEqual(waiters.slice(0, 4));
    expect(await offersFor([waiters[3]!])).toBe(1);
    expect(await offersFor(waiters)).toBe(4);
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 3, reserved: 3 });
    await expectAuditClean(t.prisma);
  });

  it("stops at the first waiter it cannot serve: one unit, one offer, no lines left for the rest", async () => {
    const { listingId, holders } = await soldOutListing(1, "Kettle");
    const waiters = await createCustomers(t.prisma, 4, "one-unit");
    await joinInOrder(listingId, waiters);
    // Nothing free yet: nothing happens, not even a cart for anyone.
    expect(await offerFreedUnits(t.prisma, [listingId], OFFER)).toEqual({ listings: 0, offered: 0, alreadyHeld: 0 });

    await expireHolds(t.prisma, { userId: holders[0]!, listingId });
    expect(await offerFreedUnits(t.prisma, [listingId], OFFER)).toEqual({ listings: 1, offered: 1, alreadyHeld: 0 });
    expect((await entries(listingId)).map((entry) => entry.status)).toEqual(["OFFERED", "WAITING", "WAITING", "WAITING"]);
    expect(await t.prisma.cart.count({ where: { userId: { in: waiters.slice(1) } } })).toBe(0);
    const [notification] = await t.prisma.notification.findMany({ where: { userId: waiters[0]!, kind: "back-in-stock" } });
    expect(notification?.body).toMatch(/^Kettle is back — 1 is reserved in your cart until \d\d:\d\d UTC\.$/);
    expect(notification?.payload).toMatchObject({ listingId, link: "/cart" });
    // The app words it from the payload, with the hold's own end (shown in the reader's zone).
    const [entry] = await entries(listingId);
    const hold = await t.prisma.hold.findUniqueOrThrow({ where: { id: entry!.holdId! } });
    expect((await listNotifications(t.prisma, waiters[0]!))[0]).toMatchObject({
      reserved: { productTitle: "Kettle", until: hold.expiresAt },
    });
    // Offering again is a no-op: the unit is promised.
    expect(await offerFreedUnits(t.prisma, [listingId], OFFER)).toMatchObject({ offered: 0 });
    await expectAuditClean(t.prisma);
  });

  it("reserves a waiter's unreserved line as one unit, closes a waiter who already holds one, and skips one who left", async () => {
    const listingId = await shop.listing(3, { title: "Lamp" });
    const [early, holder, leaver, next] = await createCustomers(t.prisma, 4, "states");
    // Early's line was unreserved when it sold out (2 asked, none held).
    const blockers = await createCustomers(t.prisma, 3, "blocker");
    for (const userId of blockers) await runStep(t.prisma, addToCart, { userId, listingId, quantity: 1, ttlMs: HOUR });
    await runStep(t.prisma, addToCart, { userId: early!, listingId, quantity: 2, ttlMs: HOUR });
    await joinInOrder(listingId, [early!, holder!, leaver!, next!]);
    await runStep(t.prisma, leaveWaitlist, { userId: leaver!, listingId });

    // One blocker lets go: Early's line becomes one reserved unit (never raised to 3).
    await expireHolds(t.prisma, { userId: blockers[0]!, listingId });
    expect(await offerFreedUnits(t.prisma, [listingId], OFFER)).toMatchObject({ offered: 1 });
    expect(await t.prisma.cartItem.findFirst({ where: { listingId, cart: { userId: early! } }, select: { quantity: true } })).toEqual({
      quantity: 1,
    });

    // Holder got a unit on their own (another blocker's lapsed and they pressed Add to cart
    // first): closed against that hold, and the third blocker's unit goes to Next, not Leaver.
    await expireHolds(t.prisma, { userId: { in: blockers.slice(1) }, listingId });
    await runStep(t.prisma, addToCart, { userId: holder!, listingId, quantity: 1, ttlMs: HOUR });
    expect(await offerFreedUnits(t.prisma, [listingId], OFFER)).toEqual({ listings: 1, offered: 1, alreadyHeld: 1 });
    const list = await entries(listingId);
    expect(list.map((entry) => [entry.userId, entry.status])).toEqual([
      [early, "OFFERED"],
      [holder, "OFFERED"],
      [leaver, "LEFT"],
      [next, "OFFERED"],
    ]);
    expect(await offersFor([holder!, leaver!])).toBe(0);
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 3, reserved: 3 });
    await expectAuditClean(t.prisma);
  });

  it("a declined card's released units and a listing put back on sale are offered at once, without the sweep", async () => {
    // Sold out: its one unit is in Gil's cart. Gil checks out with a card that is declined.
    const { listingId, holders } = await soldOutListing(1, "Oil Lamp");
    const [gil] = holders;
    const waiters = await createCustomers(t.prisma, 2, "declined-waiter");
    await joinInOrder(listingId, waiters);
    const declined = await checkout(t.prisma, gil!, CARDS.declined, checkoutHarness().options);
    expect(declined).toMatchObject({ ok: true, saga: { status: "COMPENSATED" } });
    // The saga's compensation gave the unit back and offered it before returning.
    expect((await entries(listingId)).map((entry) => entry.status)).toEqual(["OFFERED", "WAITING"]);
    expect(await offersFor(waiters)).toBe(1);
    expect(await offersFor([waiters[0]!])).toBe(1);

    // Another sold-out listing the owner takes off sale; its unit frees up meanwhile (the sweep
    // offers nothing on a paused listing), and the waiter gets it the moment it is back on sale.
    const paused = await soldOutListing(1, "Hurricane Lamp");
    const [patient] = await createCustomers(t.prisma, 1, "paused-waiter");
    await joinInOrder(paused.listingId, [patient!]);
    await runStep(t.prisma, setListingActive, { shopId: shop.shopId, listingId: paused.listingId, active: false });
    await expireHolds(t.prisma, { userId: paused.holders[0]!, listingId: paused.listingId });
    expect(await offerFreedUnits(t.prisma, [paused.listingId], OFFER)).toMatchObject({ offered: 0 });
    expect(await runSetListingActive(t.prisma, { shopId: shop.shopId, listingId: paused.listingId, active: true })).toEqual({ ok: true });
    expect((await entries(paused.listingId)).map((entry) => entry.status)).toEqual(["OFFERED"]);
    expect(await offersFor([patient!])).toBe(1);
    await expectAuditClean(t.prisma);
  });
});
