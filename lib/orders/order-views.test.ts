// What customers and owners are shown of orders, checkouts and notifications, on a real
// database after real checkouts: each sees only their own, and the timeline tells the saga's
// journal as it happened (compensations included).
import { beforeAll, describe, expect, it } from "vitest";
import { payOrderAgain } from "@/lib/checkout/start-checkout";
import { claimCoupon } from "@/lib/coupons/claim-coupon";
import { createCampaign } from "@/lib/coupons/create-campaign";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { markNotificationsRead } from "@/lib/notifications/mark-read";
import { countUnreadNotifications, listNotifications } from "@/lib/notifications/queries";
import { setTransport } from "@/lib/notifications/transport";
import { getOrder, getOrderPaymentState, lastShippingAddress, listOrders, type OrderItemView } from "@/lib/orders/order-queries";
import type { CheckoutAttempt } from "@/lib/orders/saga-timeline";
import { getShopOrder, listShopOrders, shopSalesToday } from "@/lib/orders/shop-orders";
import { runStep } from "@/lib/steps/run-step";
import { createCustomers, createShop, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkoutCart, checkoutHarness } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let lamps: ShopFixture;
let rugs: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  [lamps, rugs] = [await createShop(t.prisma, "Lamp Shop"), await createShop(t.prisma, "Rug Shop")];
  setTransport({ send: async () => undefined });
});

const states = (attempt: CheckoutAttempt | undefined) => Object.fromEntries((attempt?.steps ?? []).map((step) => [step.step, step.state]));

describe("order views", () => {
  it("a declined order shows why, can be paid again, and its timeline shows the undone steps; paying again adds a newer attempt", async () => {
    const h = checkoutHarness();
    const lamp = await lamps.listing(2, { priceCents: 4_000, title: "Desk lamp" });
    const [ann, other] = await createCustomers(t.prisma, 2, "views-declined");
    const declined = await checkoutCart(t.prisma, ann!, [[lamp, 1]], CARDS.insufficientFunds, h.options);

    const order = await getOrder(t.prisma, ann!, declined.orderId);
    expect(order).toMatchObject({
      status: "PENDING_PAYMENT",
      paymentFailure: { code: "card-declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
      paymentInProgress: false,
      canPayAgain: true,
      contactEmail: "buyer@example.test",
      shippingAddress: { city: "Helsinki", country: "FI" },
      payment: { status: "DECLINED" },
    });
    expect(order!.attempts).toHaveLength(1);
    expect(states(order!.attempts[0])).toEqual({
      CREATE_ORDER: "undone",
      RESERVE: "undone",
      DISCOUNTS: "undone",
      PRICE: "done",
      PAYMENT: "failed",
      CONFIRM: "skipped",
      NOTIFY: "skipped",
    });
    expect((await listOrders(t.prisma, ann!)).orders[0]).toMatchObject({
      id: declined.orderId,
      paymentFailure: { code: "card-declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
      paymentInProgress: false,
    });
    // Someone else's order is not there at all.
    expect(await getOrder(t.prisma, other!, declined.orderId)).toBeNull();
    expect(await getOrderPaymentState(t.prisma, other!, declined.orderId)).toBeNull();

    const again = await payOrderAgain(
      t.prisma,
      { userId: ann!, orderId: declined.orderId, idempotencyKey: crypto.randomUUID(), card: { paymentMethod: CARDS.visa } },
      h.options,
    );
    expect(again).toMatchObject({ ok: true, saga: { status: "COMPLETED" } });
    const paid = await getOrder(t.prisma, ann!, declined.orderId);
    expect(paid).toMatchObject({
      status: "PAID",
      canPayAgain: false,
      payment: { status: "CAPTURED", cardBrand: "visa", cardLast4: "4242" },
    });
    expect(paid!.attempts.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [2, "COMPLETED"],
      [1, "COMPENSATED"],
    ]);
    expect(Object.values(states(paid!.attempts[0]))).toEqual(Array(7).fill("done"));
    expect(await lastShippingAddress(t.prisma, ann!)).toMatchObject({ name: "Test Customer", postalCode: "00100" });
  });

  it("a payment the bank confirms later shows as in progress, waiting at the payment step", async () => {
    const h = checkoutHarness();
    const lamp = await lamps.listing(1, { priceCents: 2_500, title: "Floor lamp" });
    const [ben] = await createCustomers(t.prisma, 1, "views-later");
    const result = await checkoutCart(t.prisma, ben!, [[lamp, 1]], CARDS.confirmsLater, h.options);
    expect(await getOrderPaymentState(t.prisma, ben!, result.orderId)).toEqual({ status: "PENDING_PAYMENT", paymentInProgress: true });
    const order = await getOrder(t.prisma, ben!, result.orderId);
    expect(order).toMatchObject({ paymentInProgress: true, canPayAgain: false });
    expect(states(order!.attempts[0])).toMatchObject({ PRICE: "done", PAYMENT: "waiting", CONFIRM: "skipped" });
  });

  it("an owner sees only orders with their items, only their lines and totals, and today's paid sales", async () => {
    const h = checkoutHarness();
    const lamp = await lamps.listing(5, { priceCents: 3_000, title: "Wall lamp" });
    const rug = await rugs.listing(5, { priceCents: 10_000, title: "Wool rug" });
    const [cy, dee] = await createCustomers(t.prisma, 2, "views-owner");
    const mixed = await checkoutCart(
      t.prisma,
      cy!,
      [
        [lamp, 2],
        [rug, 1],
      ],
      CARDS.visa,
      h.options,
    );
    const rugOnly = await checkoutCart(t.prisma, dee!, [[rug, 1]], CARDS.declined, h.options);

    const lampOrders = await listShopOrders(t.prisma, lamps.shopId);
    const seen = lampOrders.find((order) => order.id === mixed.orderId);
    expect(seen).toMatchObject({ status: "PAID", shopTotalCents: 6_000, items: [{ productTitle: "Wall lamp", quantity: 2 }] });
    expect(lampOrders.some((order) => order.id === rugOnly.orderId)).toBe(false);
    expect(await getShopOrder(t.prisma, lamps.shopId, rugOnly.orderId)).toBeNull();

    const rugOrders = await listShopOrders(t.prisma, rugs.shopId);
    expect(rugOrders.slice(0, 2).map((order) => [order.id, order.status, order.shopTotalCents])).toEqual([
      [rugOnly.orderId, "PENDING_PAYMENT", 10_000],
      [mixed.orderId, "PAID", 10_000],
    ]);
    const detail = await getShopOrder(t.prisma, rugs.shopId, rugOnly.orderId);
    expect(detail).toMatchObject({ paymentFailure: { code: "card-declined" }, items: [{ productTitle: "Wool rug" }] });
    expect(states(detail!.attempts[0])).toMatchObject({ PAYMENT: "failed", RESERVE: "undone" });

    // Today's sales count the lamp shop's share of the paid order, and only from today's
    // midnight: the order is moved either side of it (reads a moment apart could straddle it).
    const payAt = (offset: string) =>
      t.prisma.$executeRaw`UPDATE orders SET paid_at = date_trunc('day', now()) + ${offset}::interval WHERE id = ${mixed.orderId}::uuid`;
    await payAt("-1 minute");
    const yesterday = await shopSalesToday(t.prisma, lamps.shopId);
    await payAt("0 minutes");
    const today = await shopSalesToday(t.prisma, lamps.shopId);
    expect(today.revenueCents - yesterday.revenueCents).toBe(6_000);
    expect(today.paidOrders - yesterday.paidOrders).toBe(1);
  });

  it("the customer's order shows each line's discount and the order's subtotal, discount and total, which add up", async () => {
    const h = checkoutHarness();
    const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);
    const shoe = await lamps.listing(3, { priceCents: 17_900, title: "Runner shoe" });
    const lamp = await lamps.listing(3, { priceCents: 7_900, title: "Table lamp" });
    const sale = await runStep(t.prisma, createFlashSale, {
      shopId: lamps.shopId,
      listingId: shoe,
      slots: 1,
      discount: { kind: "price", salePriceCents: 15_900 },
      startsAt: inHours(-1),
      endsAt: inHours(2),
    });
    const campaign = await runStep(t.prisma, createCampaign, {
      shopId: lamps.shopId,
      name: "Lamp week",
      limit: 5,
      discountPercent: 10,
      amountOffCents: null,
      listingId: lamp,
      minOrderCents: 0,
      startsAt: inHours(-1),
      endsAt: inHours(24),
    });
    if (!sale.ok || !campaign.ok) throw new Error("sale or campaign refused");
    const [fay] = await createCustomers(t.prisma, 1, "views-discounts");
    const coupon = await runStep(t.prisma, claimCoupon, { campaignId: campaign.campaignId, userId: fay! });
    if (!coupon.ok) throw new Error(coupon.reason);
    const paid = await checkoutCart(
      t.prisma,
      fay!,
      [
        [shoe, 1],
        [lamp, 1],
      ],
      CARDS.visa,
      h.options,
      { couponCode: coupon.code },
    );

    const order = await getOrder(t.prisma, fay!, paid.orderId);
    if (!order) throw new Error("order not found");
    // The flash sale takes €20 off the shoe, the coupon 10% off the lamp.
    expect(order).toMatchObject({ status: "PAID", subtotalCents: 25_800, discountCents: 2_790, totalCents: 23_010 });
    expect(order.items.map((item) => [item.productTitle, item.quantity, item.unitPriceCents, item.discountCents])).toEqual([
      ["Runner shoe", 1, 17_900, 2_000],
      ["Table lamp", 1, 7_900, 790],
    ]);
    const sum = (cents: (item: OrderItemView) => number) => order.items.reduce((total, item) => total + cents(item), 0);
    expect(sum((item) => item.quantity * item.unitPriceCents)).toBe(order.subtotalCents);
    expect(sum((item) => item.discountCents)).toBe(order.discountCents);
    expect(order.subtotalCents - order.discountCents).toBe(order.totalCents);
    expect(sum((item) => item.quantity * item.unitPriceCents - item.discountCents)).toBe(order.totalCents);
    // The same lines and discounts as the owner sees them.
    const owned = await getShopOrder(t.prisma, lamps.shopId, paid.orderId);
    expect(owned?.items.map((item) => [item.productTitle, item.discountCents])).toEqual([
      ["Runner shoe", 2_000],
      ["Table lamp", 790],
    ]);
    expect(owned?.shopTotalCents).toBe(order.totalCents);
  });

  it("today starts at midnight in the shop's time zone", async () => {
    const h = checkoutHarness();
    const desk = await lamps.listing(5, { priceCents: 4_000, title: "Desk lamp" });
    const [eve] = await createCustomers(t.prisma, 1, "views-zone");
    const paid = await checkoutCart(t.prisma, eve!, [[desk, 1]], CARDS.visa, h.options);
    // Helsinki and Honolulu are 12 hours apart: whatever the hour, a minute after Helsinki's
    // midnight is today there, and Honolulu's midnight a minute earlier is today in Honolulu.
    for (const zone of ["Europe/Helsinki", "Pacific/Honolulu"]) {
      const payAt = async (offset: string) =>
        t.prisma
          .$executeRaw`UPDATE orders SET paid_at = date_trunc('day', now(), ${zone}) + ${offset}::interval WHERE id = ${paid.orderId}::uuid`;
      await payAt("-1 minute");
      const yesterday = await shopSalesToday(t.prisma, lamps.shopId, zone);
      await payAt("1 minute");
      const today = await shopSalesToday(t.prisma, lamps.shopId, zone);
      expect(today.revenueCents - yesterday.revenueCents).toBe(4_000);
      expect(today).toMatchObject({ timeZone: zone, paidOrders: yesterday.paidOrders + 1 });
      // "since" is that zone's midnight: 00:00 on the zone's wall clock.
      expect(
        new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(today.since),
      ).toBe("00:00");
    }
  });

  it("notifications: newest first, unread counted, and a customer can only mark their own read", async () => {
    const h = checkoutHarness();
    const lamp = await lamps.listing(3, { priceCents: 1_500, title: "Night lamp" });
    const [eve, mallory] = await createCustomers(t.prisma, 2, "views-notes");
    const declined = await checkoutCart(t.prisma, eve!, [[lamp, 1]], CARDS.insufficientFunds, h.options);
    await payOrderAgain(
      t.prisma,
      { userId: eve!, orderId: declined.orderId, idempotencyKey: crypto.randomUUID(), card: { paymentMethod: CARDS.visa } },
      h.options,
    );

    const notes = await listNotifications(t.prisma, eve!);
    expect(notes.map((note) => note.kind)).toEqual(["order-confirmed", "payment-declined"]);
    expect(notes.every((note) => note.orderId === declined.orderId && !note.read)).toBe(true);
    expect(await countUnreadNotifications(t.prisma, eve!)).toBe(2);

    const [newest] = notes;
    expect(await runStep(t.prisma, markNotificationsRead, { userId: mallory!, notificationId: newest!.id })).toEqual({
      ok: true,
      marked: 0,
    });
    expect(await countUnreadNotifications(t.prisma, eve!)).toBe(2);
    expect(await runStep(t.prisma, markNotificationsRead, { userId: eve!, notificationId: newest!.id })).toEqual({ ok: true, marked: 1 });
    expect(await runStep(t.prisma, markNotificationsRead, { userId: eve!, notificationId: newest!.id })).toEqual({ ok: true, marked: 0 });
    expect(await countUnreadNotifications(t.prisma, eve!)).toBe(1);
    expect(await runStep(t.prisma, markNotificationsRead, { userId: mallory! })).toEqual({ ok: true, marked: 0 });
    expect(await runStep(t.prisma, markNotificationsRead, { userId: eve! })).toEqual({ ok: true, marked: 1 });
    expect((await listNotifications(t.prisma, eve!)).every((note) => note.read)).toBe(true);
  });
});
