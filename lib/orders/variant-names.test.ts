// Two variants of one product share a title: everywhere a line is named after the product
// page (cart, checkout's sold-out lines, the customer's and the owner's order views, the
// back-in-stock notification) it carries its variant, "Title (Variant)", so the two lines
// never read the same. A product without a variant keeps its bare title.
import { beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart-lines";
import { getCartView } from "@/lib/cart/cart-view";
import { listNotifications } from "@/lib/notifications/queries";
import { setTransport } from "@/lib/notifications/transport";
import { getOrder } from "@/lib/orders/order-queries";
import { placeOrder } from "@/lib/orders/place-order";
import { reserveOrder } from "@/lib/orders/reserve-order";
import { getShopOrder, listShopOrders } from "@/lib/orders/shop-orders";
import { runStep } from "@/lib/steps/run-step";
import { joinWaitlist } from "@/lib/waitlist/join-waitlist";
import { offerFreedUnits } from "@/lib/waitlist/offer-freed-units";
import { expireHolds } from "@/test/support/age";
import { createCustomers, createShop, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkout, checkoutHarness, fillCart } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

const SHOE = "Kestrel Runner 9 Running Shoe";
const CHALK = `${SHOE} (Chalk)`;
const VOLT = `${SHOE} (Volt)`;

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Variant Goods");
  setTransport({ send: async () => undefined });
});

const shoes = async (stock: number) => ({
  chalk: await shop.listing(stock, { title: SHOE, variant: "Chalk", priceCents: 17_900 }),
  volt: await shop.listing(stock, { title: SHOE, variant: "Volt", priceCents: 17_900 }),
});

describe("a product is named with its variant after the product page", () => {
  it("two variants in one cart and order: the cart, the customer's order and the owner's views name them apart", async () => {
    const h = checkoutHarness();
    const { chalk, volt } = await shoes(3);
    const plain = await shop.listing(3, { title: "Kestrel Laces", priceCents: 900 });
    const [ann] = await createCustomers(t.prisma, 1, "variants-cart");
    await fillCart(t.prisma, ann!, [
      [volt, 1],
      [chalk, 2],
      [plain, 1],
    ]);

    const cart = await getCartView(t.prisma, ann!);
    expect(cart.lines.map((line) => [line.listingId, line.productTitle])).toEqual([
      [volt, VOLT],
      [chalk, CHALK],
      [plain, "Kestrel Laces"],
    ]);

    const paid = await checkout(t.prisma, ann!, CARDS.visa, h.options);
    if (!paid.ok) throw new Error(paid.reason);
    const order = await getOrder(t.prisma, ann!, paid.orderId);
    // Ordered by name: the variants in a stable order, not whichever row came first.
    expect(order?.items.map((item) => [item.listingId, item.productTitle, item.quantity])).toEqual([
      [plain, "Kestrel Laces", 1],
      [chalk, CHALK, 2],
      [volt, VOLT, 1],
    ]);

    const owned = (await listShopOrders(t.prisma, shop.shopId)).find((summary) => summary.id === paid.orderId);
    expect(owned?.items.map((item) => [item.listingId, item.productTitle])).toEqual([
      [plain, "Kestrel Laces"],
      [chalk, CHALK],
      [volt, VOLT],
    ]);
    expect((await getShopOrder(t.prisma, shop.shopId, paid.orderId))?.items.map((item) => item.productTitle)).toEqual([
      "Kestrel Laces",
      CHALK,
      VOLT,
    ]);
  });

  it("checkout's sold-out lines name the variant that sold out, placing and paying again alike", async () => {
    const { chalk, volt } = await shoes(1);
    const [ben, cy] = await createCustomers(t.prisma, 2, "variants-sold-out");
    await fillCart(t.prisma, ben!, [
      [chalk, 1],
      [volt, 1],
    ]);
    // Ben's Volt hold lapsed and Cy took the only one.
    await expireHolds(t.prisma, { userId: ben!, listingId: volt });
    expect(await runStep(t.prisma, addToCart, { userId: cy!, listingId: volt, quantity: 1, ttlMs: HOUR })).toMatchObject({ ok: true });

    const input = {
      userId: ben!,
      idempotencyKey: crypto.randomUUID(),
      continueWithoutSoldOut: false,
      cartTtlMs: HOUR,
      paymentTtlMs: 24 * HOUR,
    };
    expect(await runStep(t.prisma, placeOrder, input)).toEqual({
      ok: false,
      reason: "sold-out",
      soldOut: [expect.objectContaining({ listingId: volt, productTitle: VOLT })],
    });

    // An order whose Chalk hold lapsed while Cy bought the last one: paying again names it.
    const placed = await runStep(t.prisma, placeOrder, { ...input, continueWithoutSoldOut: true });
    if (!placed.ok) throw new Error(placed.reason);
    await expireHolds(t.prisma, { orderId: placed.orderId });
    await fillCart(t.prisma, cy!, [[chalk, 1]]);
    expect(await runStep(t.prisma, reserveOrder, placed.orderId)).toEqual({
      ok: false,
      reason: "sold-out",
      lines: [{ listingId: chalk, productTitle: CHALK, wanted: 1, available: 0 }],
    });
  });

  it("the back-in-stock notification names the variant that came back, in its body and its payload", async () => {
    const { chalk, volt } = await shoes(1);
    const [holder, waiter] = await createCustomers(t.prisma, 2, "variants-waitlist");
    await fillCart(t.prisma, holder!, [
      [chalk, 1],
      [volt, 1],
    ]);
    for (const listingId of [chalk, volt])
      expect(await runStep(t.prisma, joinWaitlist, { userId: waiter!, listingId })).toMatchObject({ ok: true, joined: true });

    await expireHolds(t.prisma, { userId: holder!, listingId: volt });
    expect(await offerFreedUnits(t.prisma, [volt], { ttlMs: HOUR, maxQuantity: 5 })).toMatchObject({ offered: 1 });
    const [stored] = await t.prisma.notification.findMany({ where: { userId: waiter!, kind: "back-in-stock" } });
    expect(stored?.body).toMatch(new RegExp(`^${SHOE} \\(Volt\\) is back — 1 is reserved in your cart until `));
    expect(stored?.payload).toMatchObject({ listingId: volt, productTitle: VOLT });
    expect((await listNotifications(t.prisma, waiter!))[0]).toMatchObject({ kind: "back-in-stock", reserved: { productTitle: VOLT } });
  });
});
