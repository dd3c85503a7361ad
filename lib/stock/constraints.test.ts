import { beforeAll, describe, expect, it } from "vitest";
import { auditInvariants } from "@/lib/audit/audit";
import { addToCart } from "@/lib/cart/cart-lines";
import { runStep } from "@/lib/steps/run-step";
import { adjustStock, receiveStock } from "@/lib/stock/movements";
import { createTestUser, createTestUsers } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;
let listingId: string;

beforeAll(async () => {
  t = await useTestDatabase();
  // Through sign-up, so the owner's contacts are claimed like any account's (I7).
  const owner = await createTestUser(t.prisma, { name: "Olive Owner", email: "olive@example.test", phone: "+358401234567" });
  const shop = await t.prisma.shop.create({ data: { slug: "olive-goods", name: "Olive Goods", ownerId: owner.id } });
  const product = await t.prisma.product.create({
    data: { slug: "acme-kettle", identityKey: "acme|kettle|", brand: "Acme", model: "Kettle", title: "Acme Kettle" },
  });
  const listing = await t.prisma.listing.create({ data: { shopId: shop.id, productId: product.id, priceCents: 4900 } });
  listingId = listing.id;
  await receiveStock(t.prisma, { listingId, quantity: 5 });
});

describe("the database itself refuses an oversold row (I1)", () => {
  it("rejects reserved above on_hand", async () => {
    await expect(t.prisma.$executeRaw`UPDATE listings SET reserved = on_hand + 1 WHERE id = ${listingId}::uuid`).rejects.toThrow(
      /listings_reserved_within_on_hand/,
    );
  });

  it("rejects negative stock", async () => {
    await expect(t.prisma.$executeRaw`UPDATE listings SET on_hand = -1 WHERE id = ${listingId}::uuid`).rejects.toThrow(
      /listings_on_hand_nonnegative|listings_reserved_within_on_hand/,
    );
  });

  it("rejects a ledger row whose deltas contradict its kind", async () => {
    await expect(
      t.prisma.$executeRaw`INSERT INTO inventory_movements (listing_id, kind, on_hand_delta) VALUES (${listingId}::uuid, 'RECEIVE', -3)`,
    ).rejects.toThrow(/inventory_movements_kind_shape/);
  });
});

describe("the ledger is append-only (I2)", () => {
  it("refuses UPDATE and DELETE of movements", async () => {
    await expect(t.prisma.$executeRaw`UPDATE inventory_movements SET reason = 'edited'`).rejects.toThrow(/append-only/);
    await expect(t.prisma.$executeRaw`DELETE FROM inventory_movements`).rejects.toThrow(/append-only/);
  });
});

describe("stock movements keep counters equal to the ledger (I1, I2)", () => {
  it("receives and adjusts, and refuses an adjustment below what is reserved", async () => {
    const received = await runStep(t.prisma, receiveStock, { listingId, quantity: 3, reason: "delivery 42" });
    expect(received).toEqual({ ok: true, levels: { listingId, onHand: 8, reserved: 0 } });

    const down = await runStep(t.prisma, adjustStock, { listingId, delta: -2, reason: "damaged in store" });
    expect(down).toEqual({ ok: true, levels: { listingId, onHand: 6, reserved: 0 } });

    await t.prisma.$executeRaw`UPDATE listings SET reserved = 4 WHERE id = ${listingId}::uuid`;
    const refused = await runStep(t.prisma, adjustStock, { listingId, delta: -3, reason: "miscount" });
    expect(refused).toEqual({ ok: false, reason: "below-reserved", onHand: 6, reserved: 4 });
    await t.prisma.$executeRaw`UPDATE listings SET reserved = 0 WHERE id = ${listingId}::uuid`;

    const missing = await runStep(t.prisma, adjustStock, { listingId: crypto.randomUUID(), delta: 1, reason: "x" });
    expect(missing).toEqual({ ok: false, reason: "not-found" });
    expect(await runStep(t.prisma, receiveStock, { listingId: crypto.randomUUID(), quantity: 1 })).toEqual({
      ok: false,
      reason: "not-found",
    });

    const movements = await t.prisma.inventoryMovement.findMany({ where: { listingId }, orderBy: { id: "asc" } });
    expect(movements.map((m) => [m.kind, m.onHandDelta])).toEqual([
      ["RECEIVE", 5],
      ["RECEIVE", 3],
      ["ADJUST", -2],
    ]);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });

  it("the audit reports a counter that drifted from the ledger", async () => {
    await t.prisma.$executeRaw`UPDATE listings SET on_hand = on_hand + 1 WHERE id = ${listingId}::uuid`;
    const report = await auditInvariants(t.prisma);
    expect(report.ok).toBe(false);
    expect(report.violations).toEqual([
      expect.objectContaining({ invariant: "I2", subject: listingId, detail: "on_hand=7 ledger=6 reserved=0 ledger=0" }),
    ]);
    await t.prisma.$executeRaw`UPDATE listings SET on_hand = on_hand - 1 WHERE id = ${listingId}::uuid`;
  });

  it("concurrent receipts and adjustments never lose a unit", async () => {
    const before = await t.prisma.listing.findUniqueOrThrow({ where: { id: listingId } });
    const racers = t.newClient(8);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? runStep(racers, receiveStock, { listingId, quantity: 2 })
          : runStep(racers, adjustStock, { listingId, delta: -1, reason: "shrinkage" }),
      ),
    );
    const after = await t.prisma.listing.findUniqueOrThrow({ where: { id: listingId } });
    expect(after.onHand).toBe(before.onHand + 50 * 2 - 50);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true });
  });
});

describe("an owner's reduction counts live holds only (I3)", () => {
  it("frees holds that lapsed before any sweep ran, and still respects live ones", async () => {
    const shop = await t.prisma.shop.findFirstOrThrow({ where: { slug: "olive-goods" } });
    const product = await t.prisma.product.create({
      data: { slug: "acme-teapot", identityKey: "acme|teapot|", brand: "Acme", model: "Teapot", title: "Acme Teapot" },
    });
    const { id: teapot } = await t.prisma.listing.create({ data: { shopId: shop.id, productId: product.id, priceCents: 3900 } });
    await runStep(t.prisma, receiveStock, { listingId: teapot, quantity: 5 });
    const [early, late] = await createTestUsers(t.prisma, 2, "teapot buyer");
    const hold = (userId: string, quantity: number) =>
      runStep(t.prisma, addToCart, { userId, listingId: teapot, quantity, ttlMs: 60 * 60 * 1000 });
    expect(await hold(early!, 4)).toMatchObject({ ok: true, line: { held: 4 } });
    // The early buyer's hold lapses; no sweep runs, so the counter still says 4 reserved.
    await t.prisma.$executeRaw`UPDATE holds SET expires_at = now() - interval '1 second' WHERE listing_id = ${teapot}::uuid`;
    expect(await t.prisma.listing.findUniqueOrThrow({ where: { id: teapot } })).toMatchObject({ onHand: 5, reserved: 4 });

    // 3 damaged: without freeing the lapsed hold first, "customers hold 4" would refuse it.
    const down = await runStep(t.prisma, adjustStock, { listingId: teapot, shopId: shop.id, delta: -3, reason: "3 cracked" });
    expect(down).toEqual({ ok: true, levels: { listingId: teapot, onHand: 2, reserved: 0 } });

    // A live hold still counts: 1 held, so at most 1 of the 2 can go.
    expect(await hold(late!, 1)).toMatchObject({ ok: true, line: { held: 1 } });
    const refused = await runStep(t.prisma, adjustStock, { listingId: teapot, shopId: shop.id, delta: -2, reason: "miscount" });
    expect(refused).toEqual({ ok: false, reason: "below-reserved", onHand: 2, reserved: 1 });
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });
});
