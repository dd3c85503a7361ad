// Every screen that shows stock, and the availability route the product page polls, must tell
// the same story while lapsed holds sit in the table untidied (I3): they read one definition,
// the listing_stock view. Setup builds live and lapsed holds, in carts and in unpaid orders,
// then ages some with an UPDATE; the test itself changes nothing and runs no sweep.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as ownerLevelsRoute } from "@/app/api/dashboard/listings/[id]/route";
import { GET as availabilityRoute } from "@/app/api/listings/[id]/availability/route";
import { addToCart } from "@/lib/cart/cart-lines";
import { getCartView } from "@/lib/cart/cart-view";
import { getProductBySlug, listCatalogue, listScarceProducts } from "@/lib/catalogue/queries";
import type { Db } from "@/lib/db/prisma";
import { getShopListing, listShopListings } from "@/lib/listings/queries";
import { placeOrder } from "@/lib/orders/place-order";
import { runStep } from "@/lib/steps/run-step";
import type { ListingAvailability } from "@/lib/stock/listing-availability";
import { listHoldsForListing } from "@/lib/stock/listing-holds";
import { expireHolds, makeOverdue } from "@/test/support/age";
import { createCustomers, createShop } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

// The route handlers run as Next would run them, with the session and the app's client
// swapped for this file's database and a chosen viewer.
const request = vi.hoisted(() => ({ db: undefined as Db | undefined, viewer: null as { id: string; shop: unknown } | null }));
vi.mock("@/lib/db/client", () => ({ db: () => request.db }));
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: () => Promise.resolve(request.viewer),
  authorizeShopOwner: () =>
    Promise.resolve(request.viewer?.shop ? { ok: true, user: request.viewer } : { ok: false, reason: "signed-out" }),
}));

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
  request.db = t.prisma;
});

async function callRoute<T>(
  route: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>,
  id: string,
  viewer: { id: string; shop: unknown } | null,
): Promise<T> {
  request.viewer = viewer;
  const response = await route(new Request(`http://shop.test/api/${id}`), { params: Promise.resolve({ id }) });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe("one definition of available stock (I3, read side)", () => {
  it("every screen and the availability route agree while lapsed holds wait for the sweep", async () => {
    const shop = await createShop(t.prisma, "Agreement Goods");
    const listingId = await shop.listing(6, { title: "Agreement Lamp" });
    const { product } = await t.prisma.listing.findUniqueOrThrow({
      where: { id: listingId },
      select: { product: { select: { slug: true } } },
    });
    const [ann, ben, cy, dee] = await createCustomers(t.prisma, 4, "agree");
    const order = (userId: string) =>
      runStep(t.prisma, placeOrder, {
        userId,
        idempotencyKey: crypto.randomUUID(),
        continueWithoutSoldOut: false,
        cartTtlMs: HOUR,
        paymentTtlMs: 24 * HOUR,
      });

    // Ann holds 2 in her cart and Cy 1 in an unpaid order: live. Ben's 2 in his cart and Dee's
    // 1 in her overdue order have lapsed. All 6 units are in ACTIVE holds, so the counter says
    // reserved = on hand; only 3 are really taken.
    for (const [userId, quantity] of [
      [ann!, 2],
      [ben!, 2],
      [cy!, 1],
      [dee!, 1],
    ] as const) {
      expect(await runStep(t.prisma, addToCart, { userId, listingId, quantity, ttlMs: HOUR })).toMatchObject({ ok: true });
    }
    const cyOrder = await order(cy!);
    const deeOrder = await order(dee!);
    expect(cyOrder.ok && deeOrder.ok).toBe(true);
    if (!deeOrder.ok) return;
    expect(await expireHolds(t.prisma, { userId: ben! })).toBe(1);
    await makeOverdue(t.prisma, deeOrder.orderId);

    const levels = await t.prisma.listing.findUniqueOrThrow({ where: { id: listingId }, select: { onHand: true, reserved: true } });
    expect(levels).toEqual({ onHand: 6, reserved: 6 });
    const expected = { available: 3, inCarts: 2, inOrders: 1 };

    // Customers: catalogue card, scarce strip, product page, availability route, carts.
    const card = (await listCatalogue(t.prisma, { q: "Agreement Lamp" })).find((p) => p.slug === product.slug);
    const scarce = (await listScarceProducts(t.prisma, { maxAvailable: 3, limit: 50 })).find((p) => p.slug === product.slug);
    const page = await getProductBySlug(t.prisma, product.slug);
    const forBen = await callRoute<ListingAvailability>(availabilityRoute, listingId, { id: ben!, shop: null });
    const forAnn = await callRoute<ListingAvailability>(availabilityRoute, listingId, { id: ann!, shop: null });
    const anonymous = await callRoute<ListingAvailability>(availabilityRoute, listingId, null);
    const annCart = await getCartView(t.prisma, ann!);
    const benCart = await getCartView(t.prisma, ben!);
    // The owner: dashboard table, listing page (first render and its live poll), holds.
    const owner = { id: shop.ownerId, shop: { id: shop.shopId } };
    const dashboardRow = (await listShopListings(t.prisma, shop.shopId)).find((listing) => listing.id === listingId);
    const listingPage = await getShopListing(t.prisma, shop.shopId, listingId);
    const ownerLevels = await callRoute<{ onHand: number; reserved: number; held: number; available: number }>(
      ownerLevelsRoute,
      listingId,
      owner,
    );
    const holds = await listHoldsForListing(t.prisma, shop.shopId, listingId);
    const liveHoldRows = holds?.holds.filter((hold) => !hold.lapsed) ?? [];

    expect({
      catalogueCard: card?.listings.map((listing) => listing.available),
      catalogueTotal: card?.totalAvailable,
      scarceStrip: scarce?.totalAvailable,
      productPage: page?.listings.map((listing) => listing.available),
      availabilityRoute: [forBen.available, forAnn.available, anonymous.available],
      cartLines: [annCart.lines[0]?.available, benCart.lines[0]?.available],
      dashboardRow: dashboardRow?.available,
      listingPage: listingPage?.available,
      ownerLevelsRoute: ownerLevels.available,
      listingHolds: holds?.available,
      listingHoldRows: 6 - liveHoldRows.reduce((sum, hold) => sum + hold.quantity, 0),
    }).toEqual({
      catalogueCard: [expected.available],
      catalogueTotal: expected.available,
      scarceStrip: expected.available,
      productPage: [expected.available],
      availabilityRoute: [expected.available, expected.available, expected.available],
      cartLines: [expected.available, expected.available],
      dashboardRow: expected.available,
      listingPage: expected.available,
      ownerLevelsRoute: expected.available,
      listingHolds: expected.available,
      listingHoldRows: expected.available,
    });

    // What is held, and by whom, agrees too: lapsed holds count nowhere.
    expect(anonymous).toMatchObject({ onHand: 6, inOtherCarts: expected.inCarts, inPendingOrders: expected.inOrders, yours: null });
    expect(forBen).toMatchObject({ inOtherCarts: expected.inCarts, yours: null });
    expect(forAnn).toMatchObject({ inOtherCarts: 0, yours: { quantity: 2 } });
    expect(annCart.lines[0]).toMatchObject({ held: 2, status: "reserved" });
    expect(benCart.lines[0]).toMatchObject({ held: 0, status: "not-reserved", expiresAt: null });
    const live = expected.inCarts + expected.inOrders;
    expect([dashboardRow?.held, listingPage?.held, ownerLevels.held]).toEqual([live, live, live]);
    expect(dashboardRow).toMatchObject({ inCarts: expected.inCarts, awaitingPayment: expected.inOrders });
    expect([dashboardRow?.reserved, ownerLevels.reserved, holds?.reserved]).toEqual([6, 6, 6]);
    expect(holds).toMatchObject({ onHand: 6, inCarts: expected.inCarts, inPendingOrders: expected.inOrders });
    expect(holds?.holds.map((hold) => [hold.kind, hold.quantity, hold.lapsed]).sort()).toEqual([
      ["cart", 2, false],
      ["cart", 2, true],
      ["order", 1, false],
      ["order", 1, true],
    ]);

    // Reading changed nothing: no sweep ran, the lapsed holds are still ACTIVE.
    expect(await t.prisma.hold.count({ where: { listingId, status: "ACTIVE" } })).toBe(4);
  });
});
