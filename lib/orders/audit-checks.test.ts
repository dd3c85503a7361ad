// The I3/I4 audit queries catch what they are meant to catch. The ledger is append-only, so
// the damage done here stays: this file's database exists for these checks alone.
import { beforeAll, describe, expect, it } from "vitest";
import { auditInvariants } from "@/lib/audit/audit";
import { addToCart } from "@/lib/cart/cart-lines";
import { cancelOverdueOrders } from "@/lib/orders/cancel";
import { placeOrder } from "@/lib/orders/place-order";
import { runStep } from "@/lib/steps/run-step";
import { makeOverdue } from "@/test/support/age";
import { createCustomers, createShop } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let orderId: string;
let holdId: string;
let listingId: string;

beforeAll(async () => {
  t = await useTestDatabase();
  const shop = await createShop(t.prisma, "Audit Goods");
  listingId = await shop.listing(3);
  const [zoe] = await createCustomers(t.prisma, 1, "audited");
  await runStep(t.prisma, addToCart, { userId: zoe!, listingId, quantity: 2, ttlMs: HOUR });
  const placed = await runStep(t.prisma, placeOrder, {
    userId: zoe!,
    idempotencyKey: crypto.randomUUID(),
    continueWithoutSoldOut: false,
    cartTtlMs: HOUR,
    paymentTtlMs: 24 * HOUR,
  });
  if (!placed.ok) throw new Error("order refused");
  orderId = placed.orderId;
  holdId = (await t.prisma.hold.findFirstOrThrow({ where: { orderId } })).id;
  await makeOverdue(t.prisma, orderId);
  await cancelOverdueOrders(t.prisma, { batchSize: 10 });
});

describe("the audit reports broken hold and order invariants (I3, I4)", () => {
  it("is clean after a real cancellation", async () => {
    expect((await auditInvariants(t.prisma)).violations).toEqual([]);
  });

  it("reports stock returned twice for one cancelled order", async () => {
    await t.prisma.$executeRaw`
      INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, order_id, reason)
      VALUES (${listingId}::uuid, 'CANCEL', -2, ${holdId}::uuid, ${orderId}::uuid, 'duplicate (test)')`;
    const report = await auditInvariants(t.prisma);
    const found = report.violations.map((v) => [v.invariant, v.description]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["I3", "a hold is expired, cancelled or sold at most once (no duplicate ending rows)"],
        ["I4", "a cancelled order returned its held units exactly once and sold nothing"],
        ["I2", "each hold's ledger rows add up to what it holds now (ACTIVE: its quantity; ended: 0)"],
      ]),
    );
  });

  it("reports a live hold left on a cancelled order", async () => {
    await t.prisma.$executeRaw`UPDATE holds SET status = 'ACTIVE', ended_at = NULL WHERE id = ${holdId}::uuid`;
    const report = await auditInvariants(t.prisma);
    expect(report.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ invariant: "I3", description: "no live hold on a cancelled or paid order", subject: holdId }),
      ]),
    );
  });
});
