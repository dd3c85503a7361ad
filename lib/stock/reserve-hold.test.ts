import { beforeAll, describe, expect, it } from "vitest";
import { auditInvariants } from "@/lib/audit/audit";
import { addToCart, removeFromCart, setCartQuantity } from "@/lib/cart/cart-lines";
import { runStep } from "@/lib/steps/run-step";
import { releaseHold } from "@/lib/stock/release-hold";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma);
});

describe("adding to the cart reserves stock without overselling (I1, I2)", () => {
  it("200 customers adding the same 10-unit listing at once get exactly 10 holds", async () => {
    const listingId = await shop.listing(10);
    const customers = await createCustomers(t.prisma, 200);
    const racers = t.newClient(10);

    const started = performance.now();
    const results = await Promise.all(
      customers.map((userId) => runStep(racers, addToCart, { userId, listingId, quantity: 1, ttlMs: HOUR })),
    );
    const elapsed = performance.now() - started;

    const lines = results.map((result) => (result.ok ? result.line : null));
    const reserved = lines.filter((line) => line?.status === "reserved");
    const notReserved = lines.filter((line) => line?.status === "not-reserved");
    console.log(
      `add-to-cart race: 200 attempts on 10 units -> ${reserved.length} reserved, ${notReserved.length} not reserved, ${elapsed.toFixed(0)} ms (${((200 / elapsed) * 1000).toFixed(0)}/s)`,
    );

    expect(results.every((result) => result.ok)).toBe(true);
    expect(reserved).toHaveLength(10);
    expect(notReserved).toHaveLength(190);
    // "Not reserved" still puts the item in the cart and says how many are left (none).
    expect(notReserved.every((line) => line?.available === 0 && line.held === 0)).toBe(true);
    expect(await t.prisma.cartItem.count({ where: { listingId } })).toBe(200);
    expect(await t.prisma.hold.count({ where: { listingId, status: "ACTIVE" } })).toBe(10);
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 10, reserved: 10 });
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });

  it("raising a line grows its hold, lowering releases the difference, removing releases the rest", async () => {
    const listingId = await shop.listing(5);
    const [alice, bob] = await createCustomers(t.prisma, 2, "qty");
    if (!alice || !bob) throw new Error("fixtures");

    const first = await runStep(t.prisma, addToCart, { userId: alice, listingId, quantity: 2, ttlMs: HOUR });
    if (!first.ok) throw new Error("add failed");
    expect(first.line).toMatchObject({ status: "reserved", wanted: 2, held: 2, available: 3 });
    const holdId = first.line.holdId;

    const more = await runStep(t.prisma, addToCart, { userId: alice, listingId, quantity: 2, ttlMs: HOUR });
    expect(more).toMatchObject({ ok: true, line: { status: "reserved", wanted: 4, held: 4, holdId, available: 1 } });

    // Bob wants 3, only 1 is free: the line is kept, not reserved, with the number left.
    const bobs = await runStep(t.prisma, addToCart, { userId: bob, listingId, quantity: 3, ttlMs: HOUR });
    expect(bobs).toMatchObject({ ok: true, line: { status: "not-reserved", wanted: 3, held: 0, available: 1 } });

    // Growing past what is free keeps what the line already held.
    const cartItemId = first.line.cartItemId;
    const tooMany = await runStep(t.prisma, setCartQuantity, { userId: alice, cartItemId, quantity: 7, ttlMs: HOUR });
    expect(tooMany).toMatchObject({ ok: true, line: { status: "partial", wanted: 7, held: 4, available: 1 } });

    const fewer = await runStep(t.prisma, setCartQuantity, { userId: alice, cartItemId, quantity: 1, ttlMs: HOUR });
    expect(fewer).toMatchObject({ ok: true, line: { status: "reserved", wanted: 1, held: 1, holdId, available: 4 } });
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 5, reserved: 1 });

    // Someone else's cart line is not yours to remove.
    expect(await runStep(t.prisma, removeFromCart, { userId: bob, cartItemId })).toEqual({ ok: false, reason: "not-found" });
    expect(await runStep(t.prisma, removeFromCart, { userId: alice, cartItemId })).toEqual({ ok: true, releasedUnits: 1 });
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 5, reserved: 0 });

    const movements = await t.prisma.inventoryMovement.findMany({ where: { holdId: holdId! }, orderBy: { id: "asc" } });
    expect(movements.map((m) => [m.kind, m.reservedDelta])).toEqual([
      ["HOLD", 2],
      ["HOLD", 2],
      ["RELEASE", -3],
      ["RELEASE", -1],
    ]);
    const report = await auditInvariants(t.prisma);
    expect(report.violations).toEqual([]);
  });

  it("only the owner token releases a hold", async () => {
    const listingId = await shop.listing(1);
    const [carol] = await createCustomers(t.prisma, 1, "token");
    const added = await runStep(t.prisma, addToCart, { userId: carol!, listingId, quantity: 1, ttlMs: HOUR });
    if (!added.ok || !added.line.holdId || !added.line.ownerToken) throw new Error("no hold");

    const forged = await releaseHold(t.prisma, { holdId: added.line.holdId, ownerToken: crypto.randomUUID() });
    expect(forged).toEqual({ released: false });
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 1, reserved: 1 });

    const released = await releaseHold(t.prisma, { holdId: added.line.holdId, ownerToken: added.line.ownerToken });
    expect(released).toEqual({ released: true, listingId, quantity: 1 });
    // A second release with the same token is a no-op, not a double return of stock.
    expect(await releaseHold(t.prisma, { holdId: added.line.holdId, ownerToken: added.line.ownerToken })).toEqual({
      released: false,
    });
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 1, reserved: 0 });
    const report = await auditInvariants(t.prisma);
    expect(report.violations).toEqual([]);
  });
});
