import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "../../scripts/vitest/fixtures";
import { useTestDatabase, type TestDatabase } from "../../scripts/vitest/test-database";
import { auditInvariants } from "../audit/audit";
import { adjustStock, receiveStock } from "./movements";

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
    await expect(
      t.prisma.$executeRaw`UPDATE listings SET reserved = on_hand + 1 WHERE id = ${listingId}::uuid`,
    ).rejects.toThrow(/listings_reserved_within_on_hand/);
  });

  it("rejects negative stock", async () => {
    await expect(
      t.prisma.$executeRaw`UPDATE listings SET on_hand = -1 WHERE id = ${listingId}::uuid`,
    ).rejects.toThrow(/listings_on_hand_nonnegative|listings_reserved_within_on_hand/);
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
    const received = await receiveStock(t.prisma, { listingId, quantity: 3, reason: "delivery 42" });
    expect(received).toMatchObject({ onHand: 8, reserved: 0 });

    const down = await adjustStock(t.prisma, { listingId, delta: -2, reason: "damaged in store" });
    expect(down).toEqual({ ok: true, levels: { listingId, onHand: 6, reserved: 0 } });

    await t.prisma.$executeRaw`UPDATE listings SET reserved = 4 WHERE id = ${listingId}::uuid`;
    const refused = await adjustStock(t.prisma, { listingId, delta: -3, reason: "miscount" });
    expect(refused).toEqual({ ok: false, reason: "below-reserved", onHand: 6, reserved: 4 });
    await t.prisma.$executeRaw`UPDATE listings SET reserved = 0 WHERE id = ${listingId}::uuid`;

    const missing = await adjustStock(t.prisma, { listingId: crypto.randomUUID(), delta: 1, reason: "x" });
    expect(missing).toEqual({ ok: false, reason: "not-found" });

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
          ? receiveStock(racers, { listingId, quantity: 2 })
          : adjustStock(racers, { listingId, delta: -1, reason: "shrinkage" }),
      ),
    );
    const after = await t.prisma.listing.findUniqueOrThrow({ where: { id: listingId } });
    expect(after.onHand).toBe(before.onHand + 50 * 2 - 50);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true });
  });
});
