import { beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart-lines";
import { cancelOverdueOrders } from "@/lib/orders/cancel";
import { markOrderPaid } from "@/lib/orders/mark-paid";
import { runStep } from "@/lib/steps/run-step";
import { makeOverdue } from "@/test/support/age";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, placeOrderFor, type ShopFixture } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Overdue Goods");
});

// Orders are placed with the default 24-hour deadline; a test that needs one overdue ages it
// with makeOverdue, so no order lapses while the others are still being placed.
const orderFor = (userId: string, lines: [string, number][]) => placeOrderFor(t.prisma, userId, lines);

describe("unpaid orders past their deadline are cancelled exactly once (I4)", () => {
  it("two sweeps at once cancel an overdue order once and return its stock once", async () => {
    const desk = await shop.listing(6, { title: "Desk" });
    const stool = await shop.listing(6, { title: "Stool" });
    const before = { desk: await listingLevels(t.prisma, desk), stool: await listingLevels(t.prisma, stool) };
    const ledgerBefore = await t.prisma.inventoryMovement.count({ where: { listingId: { in: [desk, stool] } } });

    const [kim, lea] = await createCustomers(t.prisma, 2, "overdue");
    const overdue = await orderFor(kim!, [
      [desk, 2],
      [stool, 1],
    ]);
    const onTime = await orderFor(lea!, [[desk, 1]]);
    expect(await listingLevels(t.prisma, desk)).toEqual({ onHand: 6, reserved: 3 });
    await makeOverdue(t.prisma, overdue);

    const [one, two] = await Promise.all([
      cancelOverdueOrders(t.newClient(3), { batchSize: 10 }),
      cancelOverdueOrders(t.newClient(3), { batchSize: 10 }),
    ]);
    console.log(`concurrent cancel sweeps: ${one.cancelledOrders} + ${two.cancelledOrders} orders cancelled`);
    expect(one.cancelledOrders + two.cancelledOrders).toBe(1);
    expect(one.unitsReturned + two.unitsReturned).toBe(3);
    expect(one.notifications + two.notifications).toBe(1);
    expect((await cancelOverdueOrders(t.prisma, { batchSize: 10 })).cancelledOrders).toBe(0);

    const order = await t.prisma.order.findUniqueOrThrow({ where: { id: overdue } });
    expect(order.status).toBe("CANCELLED");
    expect(order.cancelledAt).not.toBeNull();
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: onTime }, select: { status: true } })).toEqual({
      status: "PENDING_PAYMENT",
    });

    // Stock back where it was, apart from the order still within its deadline.
    expect(await listingLevels(t.prisma, desk)).toEqual({ onHand: before.desk.onHand, reserved: before.desk.reserved + 1 });
    expect(await listingLevels(t.prisma, stool)).toEqual(before.stool);
    // Ledger: for the cancelled order, one CANCEL row per hold, and its holds net to zero.
    const cancelRows = await t.prisma.inventoryMovement.findMany({ where: { orderId: overdue, kind: "CANCEL" } });
    expect(cancelRows.map((row) => row.reservedDelta).sort()).toEqual([-1, -2]);
    const holdIds = (await t.prisma.hold.findMany({ where: { orderId: overdue } })).map((hold) => hold.id);
    const net = await t.prisma.inventoryMovement.aggregate({
      where: { holdId: { in: holdIds } },
      _sum: { reservedDelta: true, onHandDelta: true },
    });
    expect(net._sum).toEqual({ reservedDelta: 0, onHandDelta: 0 });
    // 2 HOLD rows + 2 CANCEL rows + 1 HOLD row for the on-time order.
    expect(await t.prisma.inventoryMovement.count({ where: { listingId: { in: [desk, stool] } } })).toBe(ledgerBefore + 5);

    const notes = await t.prisma.notification.findMany({ where: { userId: kim! } });
    expect(notes).toEqual([expect.objectContaining({ kind: "order-cancelled", dedupeKey: `order-cancelled:${overdue}` })]);

    // Paying after the cancellation is refused: a cancelled order is never also paid.
    expect(await t.prisma.$transaction((tx) => markOrderPaid(tx, overdue))).toEqual({ ok: false, reason: "not-pending" });
    await expectAuditClean(t.prisma);
  });

  it("many overdue orders, several sweeps at once: every order cancelled once", async () => {
    const shelf = await shop.listing(40, { title: "Shelf" });
    const customers = await createCustomers(t.prisma, 25, "many-overdue");
    const orders = [];
    for (const userId of customers) orders.push(await orderFor(userId, [[shelf, 1]]));
    await makeOverdue(t.prisma, orders);

    const results = await Promise.all(Array.from({ length: 3 }, () => cancelOverdueOrders(t.newClient(2), { batchSize: 4 })));
    const cancelled = results.reduce((sum, result) => sum + result.cancelledOrders, 0);
    console.log(`3 concurrent cancel sweeps over 25 overdue orders: ${results.map((r) => r.cancelledOrders).join(" + ")}`);
    expect(cancelled).toBe(25);
    expect(await t.prisma.order.count({ where: { id: { in: orders }, status: "CANCELLED" } })).toBe(25);
    expect(await t.prisma.inventoryMovement.count({ where: { listingId: shelf, kind: "CANCEL" } })).toBe(25);
    expect(await t.prisma.notification.count({ where: { userId: { in: customers }, kind: "order-cancelled" } })).toBe(25);
    expect(await listingLevels(t.prisma, shelf)).toEqual({ onHand: 40, reserved: 0 });
    await expectAuditClean(t.prisma);
  });

  it("an overdue order's stock is free to the next buyer even before the sweep runs (I3)", async () => {
    const rug = await shop.listing(1, { title: "Rug" });
    const [mia, ned] = await createCustomers(t.prisma, 2, "lazy-order");
    const overdue = await orderFor(mia!, [[rug, 1]]);
    await makeOverdue(t.prisma, overdue);

    expect(await runStep(t.prisma, addToCart, { userId: ned!, listingId: rug, quantity: 1, ttlMs: HOUR })).toMatchObject({
      ok: true,
      line: { status: "reserved" },
    });
    // The sweep still cancels the order; the unit went back once (EXPIRE), not twice.
    const swept = await cancelOverdueOrders(t.prisma, { batchSize: 10 });
    expect(swept).toMatchObject({ cancelledOrders: 1, unitsReturned: 0 });
    expect(await t.prisma.order.findUniqueOrThrow({ where: { id: overdue }, select: { status: true } })).toEqual({
      status: "CANCELLED",
    });
    expect(await listingLevels(t.prisma, rug)).toEqual({ onHand: 1, reserved: 1 });
    await expectAuditClean(t.prisma);
  });
});
