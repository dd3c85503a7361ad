import { beforeAll, describe, expect, it } from "vitest";
import { addToCart, addToCartAlone, addToCartBatch, runAddToCart, runSetCartQuantity } from "@/lib/cart/cart-lines";
import { runStep } from "@/lib/steps/run-step";
import { expireHolds } from "@/test/support/age";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma);
});

describe("adding a line that is not (fully) reserved reserves it as it is", () => {
  const add = (userId: string, listingId: string, quantity = 1) => ({ userId, listingId, quantity, ttlMs: HOUR });

  it("a lapsed hold: Add to cart again reserves the line without raising it, alone and in a batch", async () => {
    const listingId = await shop.listing(3);
    const [ann, ben] = await createCustomers(t.prisma, 2, "again");
    await addToCartAlone(t.prisma, add(ann!, listingId, 2));
    await addToCartAlone(t.prisma, add(ben!, listingId, 1));
    await expireHolds(t.prisma, { listingId });

    const alone = await addToCartAlone(t.prisma, add(ann!, listingId));
    expect(alone).toMatchObject({ ok: true, line: { status: "reserved", wanted: 2, held: 2 } });
    const [batched] = await addToCartBatch(t.prisma, [add(ben!, listingId)]);
    expect(batched).toMatchObject({ ok: true, line: { status: "reserved", wanted: 1, held: 1, available: 0 } });

    // A line that IS fully reserved still grows, as before.
    await t.prisma.$executeRaw`UPDATE listings SET on_hand = on_hand + 1 WHERE id = ${listingId}::uuid`;
    await t.prisma.inventoryMovement.create({ data: { listingId, kind: "RECEIVE", onHandDelta: 1, reason: "test" } });
    expect(await addToCartAlone(t.prisma, add(ben!, listingId))).toMatchObject({
      ok: true,
      line: { status: "reserved", wanted: 2, held: 2 },
    });
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 4, reserved: 4 });
    await expectAuditClean(t.prisma);
  });

  it("added while someone else held the last unit: pressing again once it is free reserves 1, not 2", async () => {
    const listingId = await shop.listing(1);
    const [holder, waiter] = await createCustomers(t.prisma, 2, "held-elsewhere");
    await addToCartAlone(t.prisma, add(holder!, listingId));
    expect(await addToCartAlone(t.prisma, add(waiter!, listingId))).toMatchObject({
      ok: true,
      line: { status: "not-reserved", wanted: 1, held: 0, available: 0 },
    });
    // Still taken: pressing again changes nothing (no quantity 2, no "only 0 available" growth).
    expect(await addToCartAlone(t.prisma, add(waiter!, listingId))).toMatchObject({
      ok: true,
      line: { status: "not-reserved", wanted: 1 },
    });
    await expireHolds(t.prisma, { userId: holder! });
    expect(await addToCartAlone(t.prisma, add(waiter!, listingId))).toMatchObject({
      ok: true,
      line: { status: "reserved", wanted: 1, held: 1, available: 0 },
    });
    await expectAuditClean(t.prisma);
  });

  it('a partly reserved line is completed, never raised, and "Reserve again" (set to the same quantity) does the same', async () => {
    const listingId = await shop.listing(4);
    const [ann, ben] = await createCustomers(t.prisma, 2, "partial");
    await addToCartAlone(t.prisma, add(ann!, listingId, 3));
    await addToCartAlone(t.prisma, add(ben!, listingId, 3)); // only 1 left: not reserved
    await expireHolds(t.prisma, { userId: ann! });
    const benLine = await t.prisma.cartItem.findFirstOrThrow({ where: { listingId, cart: { userId: ben! } } });
    const reserveAgain = await runSetCartQuantity(t.prisma, {
      userId: ben!,
      cartItemId: benLine.id,
      quantity: benLine.quantity,
      ttlMs: HOUR,
    });
    expect(reserveAgain).toMatchObject({ ok: true, line: { status: "reserved", wanted: 3, held: 3, available: 1 } });
    // Ann comes back to 3 in her cart and 1 free: her add keeps 3 and fails honestly.
    expect(await addToCartAlone(t.prisma, add(ann!, listingId))).toMatchObject({
      ok: true,
      line: { status: "not-reserved", wanted: 3, held: 0, available: 1 },
    });
    await expectAuditClean(t.prisma);
  });
});

describe("add to cart as one statement, on its own or coalesced (I1, I2)", () => {
  it("300 customers adding a 10-unit listing at once through the action's path get exactly 10 holds", async () => {
    const listingId = await shop.listing(10);
    const customers = await createCustomers(t.prisma, 300, "fast");
    const racers = t.newClient(8);

    const results = await Promise.all(customers.map((userId) => runAddToCart(racers, { userId, listingId, quantity: 1, ttlMs: HOUR })));

    const reserved = results.filter((result) => result.ok && result.line.status === "reserved");
    expect(results.every((result) => result.ok)).toBe(true);
    expect(reserved).toHaveLength(10);
    expect(await t.prisma.cartItem.count({ where: { listingId } })).toBe(300);
    expect(await t.prisma.hold.count({ where: { listingId, status: "ACTIVE" } })).toBe(10);
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 10, reserved: 10 });
    await expectAuditClean(t.prisma);
  });

  it("a batch decides in arrival order: the first 5 of 40 win 5 units", async () => {
    const listingId = await shop.listing(5);
    const customers = await createCustomers(t.prisma, 40, "order");
    const results = await addToCartBatch(
      t.prisma,
      customers.map((userId) => ({ userId, listingId, quantity: 1, ttlMs: HOUR })),
    );
    expect(results.map((result) => result.ok && result.line.status)).toEqual([
      ...Array<string>(5).fill("reserved"),
      ...Array<string>(35).fill("not-reserved"),
    ]);
    // Losers are told honestly how many are left: none.
    expect(results.slice(5).every((result) => result.ok && result.line.available === 0)).toBe(true);
    await expectAuditClean(t.prisma);
  });

  it("a batch decides like the same adds one by one: a raised hold, a lapsed hold, a larger request refused before a smaller one fits", async () => {
    const listingId = await shop.listing(5);
    const [ann, ben, cat, dan] = await createCustomers(t.prisma, 4, "mixed");
    const add = (userId: string, quantity: number) => ({ userId, listingId, quantity, ttlMs: HOUR });
    await addToCartAlone(t.prisma, add(ann!, 2));
    await addToCartAlone(t.prisma, add(ben!, 1));
    // Ben's hold runs out: it blocks nobody, and the batch frees it before deciding (I3).
    await t.prisma.$executeRaw`UPDATE holds SET expires_at = now() - interval '1 second' WHERE user_id = ${ben!}::uuid`;

    const [a, c, d, b] = await addToCartBatch(t.prisma, [add(ann!, 1), add(cat!, 3), add(dan!, 1), add(ben!, 1)]);
    expect(a).toMatchObject({ ok: true, line: { status: "reserved", wanted: 3, held: 3, available: 2 } });
    // A refusal reports what is left once the whole batch is decided: Ben took the last unit.
    expect(c).toMatchObject({ ok: true, line: { status: "not-reserved", wanted: 3, held: 0, available: 0 } });
    expect(d).toMatchObject({ ok: true, line: { status: "reserved", wanted: 1, held: 1, available: 1 } });
    // Ben's line was not reserved any more: his add reserves it as it is (1), not 2.
    expect(b).toMatchObject({ ok: true, line: { status: "reserved", wanted: 1, held: 1, available: 0 } });
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 5, reserved: 5 });
    await expectAuditClean(t.prisma);
  });

  it("one customer clicking five times in a crowd gets one line covering all five clicks", async () => {
    const listingId = await shop.listing(100);
    const [clicker, ...crowd] = await createCustomers(t.prisma, 30, "clicks");
    const racers = t.newClient(4);
    const calls = [
      ...crowd.map((userId) => ({ userId, listingId })),
      ...Array.from({ length: 5 }, () => ({ userId: clicker!, listingId })),
    ].sort(() => Math.random() - 0.5);
    const results = await Promise.all(calls.map((call) => runAddToCart(racers, { ...call, quantity: 1, ttlMs: HOUR })));
    expect(results.every((result) => result.ok)).toBe(true);
    const line = await t.prisma.cartItem.findFirstOrThrow({ where: { listingId, cart: { userId: clicker! } } });
    expect(line.quantity).toBe(5);
    expect(await t.prisma.hold.findMany({ where: { cartItemId: line.id, status: "ACTIVE" }, select: { quantity: true } })).toEqual([
      { quantity: 5 },
    ]);
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 100, reserved: 34 });
    await expectAuditClean(t.prisma);
  });

  it("an unknown or paused listing is refused and leaves nothing behind, alone or in a batch", async () => {
    const listingId = await shop.listing(3);
    const [dana, eve] = await createCustomers(t.prisma, 2, "gone");
    await t.prisma.listing.update({ where: { id: listingId }, data: { active: false } });
    const missing = crypto.randomUUID();
    expect(await addToCartAlone(t.prisma, { userId: dana!, listingId: missing, quantity: 1, ttlMs: HOUR })).toEqual({
      ok: false,
      reason: "not-found",
    });
    expect(await runStep(t.prisma, addToCart, { userId: dana!, listingId, quantity: 1, ttlMs: HOUR })).toEqual({
      ok: false,
      reason: "not-found",
    });
    const batch = await addToCartBatch(
      t.prisma,
      [dana!, eve!].map((userId) => ({ userId, listingId, quantity: 1, ttlMs: HOUR })),
    );
    expect(batch).toEqual([
      { ok: false, reason: "not-found" },
      { ok: false, reason: "not-found" },
    ]);
    expect(await t.prisma.cart.count({ where: { userId: { in: [dana!, eve!] } } })).toBe(0);
  });

  it("changing a quantity on its own grows, shrinks and removes like the step", async () => {
    const listingId = await shop.listing(4);
    const [fay] = await createCustomers(t.prisma, 1, "qty-now");
    const added = await runAddToCart(t.prisma, { userId: fay!, listingId, quantity: 1, ttlMs: HOUR });
    if (!added.ok) throw new Error("add failed");
    const cartItemId = added.line.cartItemId;
    expect(await runSetCartQuantity(t.prisma, { userId: fay!, cartItemId, quantity: 3, ttlMs: HOUR })).toMatchObject({
      ok: true,
      line: { status: "reserved", held: 3, available: 1 },
    });
    expect(await runSetCartQuantity(t.prisma, { userId: fay!, cartItemId, quantity: 6, ttlMs: HOUR })).toMatchObject({
      ok: true,
      line: { status: "partial", held: 3, wanted: 6, available: 1 },
    });
    expect(await runSetCartQuantity(t.prisma, { userId: crypto.randomUUID(), cartItemId, quantity: 1, ttlMs: HOUR })).toEqual({
      ok: false,
      reason: "not-found",
    });
    expect(await runSetCartQuantity(t.prisma, { userId: fay!, cartItemId, quantity: 0, ttlMs: HOUR })).toEqual({ ok: true, removed: true });
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 4, reserved: 0 });
    await expectAuditClean(t.prisma);
  });
  it("one customer can hold at most the per-customer limit of a listing, however often they add (inventory denial)", async () => {
    const listingId = await shop.listing(10);
    const [greedy] = await createCustomers(t.prisma, 1, "greedy");
    const limit = { maxQuantity: 5, ttlMs: HOUR };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => runAddToCart(t.prisma, { userId: greedy!, listingId, quantity: 1, ...limit })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(
      await runSetCartQuantity(t.prisma, {
        userId: greedy!,
        cartItemId: results[0]!.ok ? results[0]!.line.cartItemId : "",
        quantity: 9,
        ...limit,
      }),
    ).toMatchObject({
      ok: true,
      line: { wanted: 5, held: 5 },
    });
    expect(await listingLevels(t.prisma, listingId)).toEqual({ onHand: 10, reserved: 5 });
    await expectAuditClean(t.prisma);
  });
});
