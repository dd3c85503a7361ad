import { beforeAll, describe, expect, it } from "vitest";
import { addToCart, setCartQuantity } from "@/lib/cart/cart-lines";
import { getCartView } from "@/lib/cart/cart-view";
import { runStep } from "@/lib/steps/run-step";
import { sweepExpiredHolds } from "@/lib/stock/expire-holds";
import { expireHolds } from "@/test/support/age";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR, SECOND } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Expiry Goods");
});

describe("an expired hold never blocks another buyer (I3)", () => {
  it("frees the stock for the next buyer with no sweep, and keeps the item in the first cart", async () => {
    const listingId = await shop.listing(1);
    const [alice, bob, carol] = await createCustomers(t.prisma, 3, "lazy");
    if (!alice || !bob || !carol) throw new Error("fixtures");

    const first = await runStep(t.prisma, addToCart, { userId: alice, listingId, quantity: 1, ttlMs: HOUR });
    expect(first).toMatchObject({ ok: true, line: { status: "reserved" } });
    const blocked = await runStep(t.prisma, addToCart, { userId: bob, listingId, quantity: 1, ttlMs: HOUR });
    expect(blocked).toMatchObject({ ok: true, line: { status: "not-reserved", available: 0 } });

    await expireHolds(t.prisma, { userId: alice, listingId });
    // Nothing has tidied Alice's hold: it is still ACTIVE in the table, past its expiry.
    expect(await t.prisma.hold.count({ where: { listingId, status: "ACTIVE" } })).toBe(1);

    const won = await runStep(t.prisma, addToCart, { userId: carol, listingId, quantity: 1, ttlMs: HOUR });
    expect(won).toMatchObject({ ok: true, line: { status: "reserved", held: 1 } });

    const aliceHold = await t.prisma.hold.findFirstOrThrow({ where: { userId: alice, listingId } });
    expect(aliceHold.status).toBe("EXPIRED");
    expect(aliceHold.endedAt).not.toBeNull();
    const expireRows = await t.prisma.inventoryMovement.findMany({ where: { holdId: aliceHold.id, kind: "EXPIRE" } });
    expect(expireRows.map((row) => row.reservedDelta)).toEqual([-1]);
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 1, reserved: 1 });

    // Alice's line is still in her cart, shown as not reserved, with nothing left to take.
    const cart = await getCartView(t.prisma, alice);
    expect(cart.lines).toEqual([
      expect.objectContaining({ listingId, quantity: 1, held: 0, status: "not-reserved", available: 0, expiresAt: null }),
    ]);
    await expectAuditClean(t.prisma);
  });

  it("re-reserves a customer's own expired line when they touch it again", async () => {
    const listingId = await shop.listing(2);
    const [dave] = await createCustomers(t.prisma, 1, "own");
    const added = await runStep(t.prisma, addToCart, { userId: dave!, listingId, quantity: 1, ttlMs: HOUR });
    if (!added.ok) throw new Error("add failed");
    await expireHolds(t.prisma, { userId: dave!, listingId });

    const raised = await runStep(t.prisma, setCartQuantity, {
      userId: dave!,
      cartItemId: added.line.cartItemId,
      quantity: 2,
      ttlMs: 60 * SECOND,
    });
    expect(raised).toMatchObject({ ok: true, line: { status: "reserved", held: 2 } });
    if (!raised.ok || !("line" in raised)) throw new Error("raise failed");
    expect(raised.line.holdId).not.toBe(added.line.holdId);
    expect(raised.line.expiresAt!.getTime() - raised.line.now.getTime()).toBeGreaterThan(50 * SECOND);
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 2, reserved: 2 });
    await expectAuditClean(t.prisma);
  });

  it("two sweeps at once release each expired hold exactly once", async () => {
    const listings = await Promise.all([shop.listing(11), shop.listing(10), shop.listing(10)]);
    const customers = await createCustomers(t.prisma, 30, "swept");
    await Promise.all(
      customers.map((userId, i) => runStep(t.prisma, addToCart, { userId, listingId: listings[i % 3]!, quantity: 1, ttlMs: HOUR })),
    );
    // One hold that has not expired must survive both sweeps.
    const [keeper] = await createCustomers(t.prisma, 1, "keeper");
    await runStep(t.prisma, addToCart, { userId: keeper!, listingId: listings[0], quantity: 1, ttlMs: HOUR });
    expect(await expireHolds(t.prisma, { userId: { in: customers } })).toBe(30);

    const [one, two] = await Promise.all([
      sweepExpiredHolds(t.newClient(4), { batchSize: 7 }),
      sweepExpiredHolds(t.newClient(4), { batchSize: 7 }),
    ]);
    console.log(`concurrent hold sweeps: ${one.expiredHolds} + ${two.expiredHolds} holds expired (${one.batches}+${two.batches} batches)`);
    // Together they release all but at most one batch of them. A batch skips rows the other
    // sweep's batch has locked, and a sweep stops at a short batch, so holds skipped at that
    // moment are left to the next run (29 + 0 was seen once on CI). Going on until a batch
    // claims nothing does not close this: a batch that skips a hold because its listing row is
    // locked keeps the hold's own row lock until it commits, so the other sweep's next batch
    // can find every remaining hold locked (7 + 0 seen). Lapsed, they block nobody meanwhile
    // (I3); what matters is that no hold is released twice and none is lost. So the two release
    // at least one full batch, and the run after them the rest.
    expect(one.expiredHolds + two.expiredHolds).toBeGreaterThanOrEqual(7);
    expect(one.unitsFreed + two.unitsFreed).toBe(one.expiredHolds + two.expiredHolds);

    const again = await sweepExpiredHolds(t.prisma, { batchSize: 7 });
    expect(one.expiredHolds + two.expiredHolds + again.expiredHolds).toBe(30);
    expect((await sweepExpiredHolds(t.prisma, { batchSize: 7 })).expiredHolds).toBe(0);

    const expireRows = await t.prisma.inventoryMovement.groupBy({
      by: ["holdId"],
      where: { kind: "EXPIRE", listingId: { in: listings } },
      _count: { _all: true },
    });
    expect(expireRows).toHaveLength(30);
    expect(expireRows.every((row) => row._count._all === 1)).toBe(true);
    expect(await t.prisma.hold.count({ where: { listingId: { in: listings }, status: "ACTIVE" } })).toBe(1);
    expect(await listingLevels(t.prisma, listings[0])).toEqual({ onHand: 11, reserved: 1 });
    expect(await listingLevels(t.prisma, listings[1])).toEqual({ onHand: 10, reserved: 0 });
    await expectAuditClean(t.prisma);
  });

  it("lazy expiry and sweeps racing over the same expired holds count each one once", async () => {
    const listings = await Promise.all([shop.listing(5), shop.listing(5), shop.listing(5), shop.listing(5)]);
    const early = await createCustomers(t.prisma, 20, "early");
    await Promise.all(
      early.map((userId, i) => runStep(t.prisma, addToCart, { userId, listingId: listings[i % 4]!, quantity: 1, ttlMs: HOUR })),
    );
    expect(await expireHolds(t.prisma, { userId: { in: early } })).toBe(20);

    // Buyers on every listing and two sweeps at the same moment: each expired hold is tidied
    // by whichever gets there first, never twice, and every buyer gets a unit.
    const late = await createCustomers(t.prisma, 20, "late");
    const racers = t.newClient(8);
    const [bought, sweepA, sweepB] = await Promise.all([
      Promise.all(late.map((userId, i) => runStep(racers, addToCart, { userId, listingId: listings[i % 4]!, quantity: 1, ttlMs: HOUR }))),
      sweepExpiredHolds(t.newClient(2), { batchSize: 3 }),
      sweepExpiredHolds(t.newClient(2), { batchSize: 3 }),
    ]);
    const swept = sweepA.expiredHolds + sweepB.expiredHolds;
    console.log(`lazy expiry vs sweeps: sweeps expired ${swept} holds, buyers' lazy expiry ${20 - swept}`);

    expect(bought.every((result) => result.ok && result.line.status === "reserved")).toBe(true);
    for (const listingId of listings) {
      expect(await t.prisma.hold.count({ where: { listingId, status: "EXPIRED" } })).toBe(5);
      expect(await t.prisma.hold.count({ where: { listingId, status: "ACTIVE" } })).toBe(5);
      expect(await t.prisma.inventoryMovement.count({ where: { listingId, kind: "EXPIRE" } })).toBe(5);
      expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 5, reserved: 5 });
    }
    await expectAuditClean(t.prisma);
  });
});
