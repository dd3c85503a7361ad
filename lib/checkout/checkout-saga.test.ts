// The checkout saga on a real database with the real Stripe SDK over the simulator (I9, I10):
// success, declines compensated in reverse order, paying again, crashes after every step,
// lost answers, late webhooks, and many customers racing for lapsed stock.
import { beforeAll, describe, expect, it } from "vitest";
import { driveSaga } from "@/lib/checkout/orchestrator";
import { recoverCheckouts } from "@/lib/checkout/recover";
import { payOrderAgain } from "@/lib/checkout/start-checkout";
import { handlePaymentEvent } from "@/lib/checkout/webhook";
import type { Db } from "@/lib/db/prisma";
import { setTransport } from "@/lib/notifications/transport";
import { describePaymentEvent, verifyWebhook } from "@/lib/payments/webhook-events";
import { makeOverdue, expireHolds } from "@/test/support/age";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkout, checkoutCart, checkoutHarness, fillCart } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Saga Goods");
  setTransport({ send: async () => undefined });
});

const journal = async (db: Db, sagaId: string) =>
  (await db.sagaStep.findMany({ where: { sagaId }, orderBy: { id: "asc" } })).map((row) => `${row.direction} ${row.step} ${row.outcome}`);

async function sagaOf(orderId: string) {
  return t.prisma.checkoutSaga.findFirstOrThrow({ where: { orderId }, orderBy: { createdAt: "desc" } });
}

/** Ages every live saga's lease, as if its worker died a while ago. */
const expireLeases = () => t.prisma.$executeRaw`
  UPDATE checkout_sagas SET locked_until = now() - interval '1 second' WHERE status IN ('RUNNING', 'COMPENSATING')`;

describe("checkout saga (I9, I10)", () => {
  it("a good card: reserved, priced, charged once, sold, confirmed and notified", async () => {
    const h = checkoutHarness();
    const lamp = await shop.listing(3, { priceCents: 4_500, title: "Lamp" });
    const [ann] = await createCustomers(t.prisma, 1, "saga-ok");
    const result = await checkoutCart(t.prisma, ann!, [[lamp, 2]], CARDS.visa, h.options);
    expect(result.saga).toMatchObject({ status: "COMPLETED", waiting: false });
    expect(await journal(t.prisma, result.saga.sagaId)).toEqual([
      "DO CREATE_ORDER done",
      "DO RESERVE done",
      "DO DISCOUNTS done",
      "DO PRICE done",
      "DO PAYMENT done",
      "DO CONFIRM done",
      "DO NOTIFY done",
    ]);
    const order = await t.prisma.order.findUniqueOrThrow({ where: { id: result.orderId }, include: { payments: true } });
    expect(order).toMatchObject({ status: "PAID", totalCents: 9_000, contactEmail: "buyer@example.test" });
    expect(order.payments).toHaveLength(1);
    expect(order.payments[0]).toMatchObject({ status: "CAPTURED", amountCents: 9_000, cardLast4: "4242", cardBrand: "visa" });
    expect(h.captures(result.orderId)).toBe(1);
    expect(await listingLevels(t.prisma, lamp)).toEqual({ onHand: 1, reserved: 0 });
    const note = await t.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `order-confirmed:${result.orderId}` } });
    expect(note.deliveredAt).not.toBeNull();
    await expectAuditClean(t.prisma);
  });

  it("a declined card compensates every step before the pivot in reverse order; paying again with another card succeeds", async () => {
    const h = checkoutHarness();
    const rug = await shop.listing(2, { priceCents: 12_000, title: "Rug" });
    const [ben] = await createCustomers(t.prisma, 1, "saga-declined");
    await fillCart(t.prisma, ben!, [[rug, 1]]);
    const before = await listingLevels(t.prisma, rug);

    const declined = await checkout(t.prisma, ben!, CARDS.insufficientFunds, h.options);
    if (!declined.ok) throw new Error(declined.reason);
    expect(declined.saga).toMatchObject({
      status: "COMPENSATED",
      failure: { code: "card-declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
    });
    expect(await journal(t.prisma, declined.saga.sagaId)).toEqual([
      "DO CREATE_ORDER done",
      "DO RESERVE done",
      "DO DISCOUNTS done",
      "DO PRICE done",
      "DO PAYMENT failed",
      "UNDO DISCOUNTS undone",
      "UNDO RESERVE undone",
      "UNDO CREATE_ORDER undone",
    ]);
    // The unit is back on sale; the order waits, payable until its deadline, and says why.
    expect(await listingLevels(t.prisma, rug)).toEqual({ onHand: before.onHand, reserved: 0 });
    const order = await t.prisma.order.findUniqueOrThrow({ where: { id: declined.orderId } });
    expect(order).toMatchObject({
      status: "PENDING_PAYMENT",
      paymentFailureCode: "card-declined",
      paymentFailureDetail: { declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
    });
    expect(await t.prisma.payment.findMany({ where: { orderId: order.id }, select: { status: true } })).toEqual([{ status: "DECLINED" }]);
    const note = await t.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `payment-declined:${declined.saga.sagaId}` } });
    expect(note.body).toContain("insufficient funds");
    expect(h.captures(order.id)).toBe(0);
    await expectAuditClean(t.prisma);

    const again = await payOrderAgain(
      t.prisma,
      { userId: ben!, orderId: order.id, idempotencyKey: crypto.randomUUID(), card: { paymentMethod: CARDS.visa } },
      h.options,
    );
    expect(again).toMatchObject({ ok: true, saga: { status: "COMPLETED" } });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "PAID",
      paymentFailureCode: null,
      paymentFailureDetail: null,
    });
    expect(await listingLevels(t.prisma, rug)).toEqual({ onHand: before.onHand - 1, reserved: 0 });
    expect(h.captures(order.id)).toBe(1);
    await expectAuditClean(t.prisma);
  });

  it("the same submission sent 10 times at once charges once", async () => {
    const h = checkoutHarness();
    const vase = await shop.listing(5, { priceCents: 3_000, title: "Vase" });
    const [cy] = await createCustomers(t.prisma, 1, "saga-double");
    await fillCart(t.prisma, cy!, [[vase, 1]]);
    const key = crypto.randomUUID();
    const racers = t.newClient(6);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => checkout(racers, cy!, CARDS.visa, h.options, { idempotencyKey: key })),
    );
    const orderIds = new Set(results.map((result) => (result.ok ? result.orderId : result.reason)));
    expect(orderIds.size).toBe(1);
    const [orderId] = [...orderIds];
    // Whoever held the lease finished it; the others saw it busy or done.
    await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: orderId! } })).toMatchObject({ status: "PAID" });
    expect(await t.prisma.checkoutSaga.count({ where: { orderId: orderId! } })).toBe(1);
    expect(h.captures(orderId!)).toBe(1);
    await expectAuditClean(t.prisma);
  });

  const crashPoints = [
    "after:RESERVE",
    "after:DISCOUNTS",
    "after:PRICE",
    "payment:after-provider",
    "after:PAYMENT",
    "after:CONFIRM",
    "after:NOTIFY",
  ];

  it.each(crashPoints)("a crash at %s is recovered by the sweep: COMPLETED, captured once", async (point) => {
    const h = checkoutHarness();
    const listing = await shop.listing(2, { priceCents: 2_000, title: `Crash ${point}` });
    const [dee] = await createCustomers(t.prisma, 1, "saga-crash");
    await fillCart(t.prisma, dee!, [[listing, 1]]);
    const crashing = {
      ...h.options,
      failpoint: (at: string) => {
        if (at === point) throw new Error(`crash at ${at}`);
      },
    };
    await expect(checkout(t.prisma, dee!, CARDS.visa, crashing)).rejects.toThrow(`crash at ${point}`);

    const order = await t.prisma.order.findFirstOrThrow({ where: { userId: dee! } });
    // Nothing moves while the dead worker's lease lasts; once it runs out, the sweep takes over.
    expect((await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 })).claimed).toBe(0);
    await expireLeases();
    await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 });
    expect(await sagaOf(order.id)).toMatchObject({ status: "COMPLETED" });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "PAID" });
    expect(h.captures(order.id)).toBe(1);
    expect(await t.prisma.payment.count({ where: { orderId: order.id, status: "CAPTURED" } })).toBe(1);
    await expectAuditClean(t.prisma);
  });

  it.each(["after:RESERVE", "payment:after-provider", "after:PAYMENT", "undo:DISCOUNTS", "undo:RESERVE"])(
    "a declined checkout that crashes at %s ends COMPENSATED with its stock back",
    async (point) => {
      const h = checkoutHarness();
      const listing = await shop.listing(1, { priceCents: 2_000, title: `Declined crash ${point}` });
      const [eve] = await createCustomers(t.prisma, 1, "saga-crash-declined");
      await fillCart(t.prisma, eve!, [[listing, 1]]);
      const crashing = {
        ...h.options,
        failpoint: (at: string) => {
          if (at === point) throw new Error(`crash at ${at}`);
        },
      };
      await expect(checkout(t.prisma, eve!, CARDS.declined, crashing)).rejects.toThrow(`crash at ${point}`);
      await expireLeases();
      await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 });
      const order = await t.prisma.order.findFirstOrThrow({ where: { userId: eve! } });
      expect(await sagaOf(order.id)).toMatchObject({ status: "COMPENSATED" });
      expect(await listingLevels(t.prisma, listing)).toEqual({ onHand: 1, reserved: 0 });
      expect(h.captures(order.id)).toBe(0);
      await expectAuditClean(t.prisma);
    },
  );

  it("a lost answer from the provider is resolved by asking it, not by charging again", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(1, { priceCents: 5_000, title: "Unanswered" });
    const [fay] = await createCustomers(t.prisma, 1, "saga-unknown");
    const result = await checkoutCart(t.prisma, fay!, [[listing, 1]], CARDS.noAnswer, h.options);
    const saga = await sagaOf(result.orderId);
    if (saga.status !== "COMPLETED") {
      await expireLeases();
      await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 });
    }
    expect(await sagaOf(result.orderId)).toMatchObject({ status: "COMPLETED" });
    expect(h.captures(result.orderId)).toBe(1);
    await expectAuditClean(t.prisma);
  });

  it("a confirmation that arrives later by webhook, delivered twice and out of order, completes the order once", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(1, { priceCents: 6_000, title: "Later" });
    const [gus] = await createCustomers(t.prisma, 1, "saga-webhook");
    const result = await checkoutCart(t.prisma, gus!, [[listing, 1]], CARDS.confirmsLater, h.options);
    expect(result.saga).toMatchObject({ status: "RUNNING", waiting: true });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: result.orderId } })).toMatchObject({ status: "PENDING_PAYMENT" });

    const handled: unknown[] = [];
    h.simulator.setWebhookSink(async ({ payload, signature }) => {
      const verified = verifyWebhook(payload, signature, { secret: h.simulator.webhookSecret });
      if (!verified.ok) throw new Error(verified.reason);
      const event = describePaymentEvent(verified.event);
      if (event) handled.push(await handlePaymentEvent(t.prisma, event, h.options));
    });
    h.simulator.settle();
    await h.simulator.deliver({ duplicate: true, reverse: true });
    expect(handled.length).toBeGreaterThanOrEqual(2);
    expect(await sagaOf(result.orderId)).toMatchObject({ status: "COMPLETED" });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: result.orderId } })).toMatchObject({ status: "PAID" });
    expect(h.captures(result.orderId)).toBe(1);
    await expectAuditClean(t.prisma);
  });

  it("a payment that succeeds after the order's deadline is refunded, never sold", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(1, { priceCents: 7_000, title: "Too late" });
    const [hal] = await createCustomers(t.prisma, 1, "saga-late");
    const result = await checkoutCart(t.prisma, hal!, [[listing, 1]], CARDS.confirmsLater, h.options);
    expect(result.saga.waiting).toBe(true);
    await makeOverdue(t.prisma, result.orderId);
    h.simulator.settle();
    await expireLeases();
    await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 });
    const saga = await sagaOf(result.orderId);
    expect(saga).toMatchObject({ status: "COMPENSATED", currentStep: "REFUND" });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: result.orderId } })).toMatchObject({ status: "CANCELLED" });
    expect(await t.prisma.payment.findFirstOrThrow({ where: { orderId: result.orderId } })).toMatchObject({ status: "REFUNDED" });
    expect(h.simulator.paymentIntents({ orderId: result.orderId })[0]).toMatchObject({ amountRefunded: 7_000 });
    expect(await listingLevels(t.prisma, listing)).toEqual({ onHand: 1, reserved: 0 });
    await expectAuditClean(t.prisma);
  });

  it("100 customers checking out at once over 20 units whose holds lapsed: exactly 20 paid, 80 clean sold-out refusals", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(20, { priceCents: 1_500, title: "Launch item" });
    const customers = await createCustomers(t.prisma, 100, "launch");
    // Everyone has the item in the cart (the first 20 held it); then every hold lapses, no sweep run.
    for (const userId of customers) await fillCart(t.prisma, userId, [[listing, 1]]);
    expect(await expireHolds(t.prisma, { listingId: listing })).toBe(20);

    const racers = t.newClient(8);
    const started = performance.now();
    const results = await Promise.all(customers.map((userId) => checkout(racers, userId, CARDS.visa, h.options)));
    const ms = Math.round(performance.now() - started);
    const paid = results.filter((result) => result.ok && result.saga.status === "COMPLETED");
    const soldOut = results.filter((result) => !result.ok && result.reason === "nothing-left");
    console.log(`checkout race: 100 customers, 20 units -> ${paid.length} paid, ${soldOut.length} sold out, ${ms} ms`);
    expect(paid).toHaveLength(20);
    expect(soldOut).toHaveLength(80);
    expect(await t.prisma.order.count({ where: { items: { some: { listingId: listing } } } })).toBe(20);
    expect(await t.prisma.payment.count({ where: { status: "CAPTURED", order: { items: { some: { listingId: listing } } } } })).toBe(20);
    expect(await listingLevels(t.prisma, listing)).toEqual({ onHand: 0, reserved: 0 });
    await expectAuditClean(t.prisma);
  });

  it("a saga nobody can finish is left to its lease holder; a stale worker is fenced out", async () => {
    const h = checkoutHarness();
    const listing = await shop.listing(1, { priceCents: 2_500, title: "Fenced" });
    const [ivy] = await createCustomers(t.prisma, 1, "saga-fence");
    await fillCart(t.prisma, ivy!, [[listing, 1]]);
    const crashing = {
      ...h.options,
      failpoint: (at: string) => {
        if (at === "after:RESERVE") throw new Error("stall");
      },
    };
    await expect(checkout(t.prisma, ivy!, CARDS.visa, crashing)).rejects.toThrow("stall");
    const order = await t.prisma.order.findFirstOrThrow({ where: { userId: ivy! } });
    const saga = await sagaOf(order.id);
    // Another driver while the lease holds: busy, nothing done.
    expect(await driveSaga(t.prisma, saga.id, h.options)).toMatchObject({ busy: true, status: "RUNNING" });
    await expireLeases();
    expect(await driveSaga(t.prisma, saga.id, h.options)).toMatchObject({ status: "COMPLETED" });
    expect(h.captures(order.id)).toBe(1);
  });
});
