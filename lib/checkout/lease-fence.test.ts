// The lease fence (I9): a worker paused past its lease (a garbage-collection pause, a frozen
// instance, a slow bank check) while the sweep takes the saga over and finishes it, then wakes
// and tries to commit its step. Its commit is refused, and nothing happens twice: no second
// reservation, claim, charge, sale or compensation. These tests fail when fence() is taken out
// of the step transactions in lib/checkout/orchestrator.ts.
import { beforeAll, describe, expect, it } from "vitest";
import type { DriveOptions } from "@/lib/checkout/orchestrator";
import { recoverCheckouts } from "@/lib/checkout/recover";
import type { Db } from "@/lib/db/prisma";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { setTransport } from "@/lib/notifications/transport";
import { runStep } from "@/lib/steps/run-step";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop, listingLevels, type ShopFixture } from "@/test/support/cart-fixtures";
import { CARDS, checkout, checkoutHarness, fillCart } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase();
  shop = await createShop(t.prisma, "Fenced Goods");
  setTransport({ send: async () => undefined });
});

const journal = async (db: Db, sagaId: string) =>
  (await db.sagaStep.findMany({ where: { sagaId }, orderBy: { id: "asc" } })).map((row) => `${row.direction} ${row.step} ${row.outcome}`);

/** Options whose worker stops at `point` until released: a paused process, still holding its (soon stale) lease token. */
function pausedAt(options: DriveOptions, point: string) {
  let reached!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  const woken = new Promise<void>((resolve) => (release = resolve));
  let paused = false;
  return {
    options: {
      ...options,
      failpoint: async (at: string) => {
        if (at !== point || paused) return;
        paused = true;
        reached();
        await woken;
      },
    },
    arrived,
    release,
  };
}

/** A listing on a live flash sale (a slot claimed in DISCOUNTS), with the customer's cart filled. */
async function setUp(name: string) {
  const h = checkoutHarness();
  const listing = await shop.listing(2, { priceCents: 5_000, title: `Fenced ${name}` });
  const sale = await runStep(t.prisma, createFlashSale, {
    shopId: shop.shopId,
    listingId: listing,
    slots: 2,
    discount: { kind: "percent", percent: 10 },
    startsAt: new Date(Date.now() - 60_000),
    endsAt: new Date(Date.now() + 2 * HOUR),
  });
  if (!sale.ok) throw new Error(sale.reason);
  const [customer] = await createCustomers(t.prisma, 1, `fence-${name}`);
  await fillCart(t.prisma, customer!, [[listing, 1]]);
  return { h, listing, saleId: sale.saleId, customer: customer! };
}

/** While the worker sleeps, its lease runs out and the sweep drives the saga to its end. */
async function sweepWhilePaused(h: ReturnType<typeof checkoutHarness>, customer: string) {
  const order = await t.prisma.order.findFirstOrThrow({ where: { userId: customer } });
  await t.prisma.$executeRaw`UPDATE checkout_sagas SET locked_until = now() - interval '1 second' WHERE order_id = ${order.id}::uuid`;
  const swept = await recoverCheckouts(t.prisma, { ...h.options, batchSize: 10 });
  expect(swept.claimed).toBe(1);
  return order.id;
}

const SUCCESSFUL_JOURNAL = [
  "DO CREATE_ORDER done",
  "DO RESERVE done",
  "DO DISCOUNTS done",
  "DO PRICE done",
  "DO PAYMENT done",
  "DO CONFIRM done",
  "DO NOTIFY done",
];

describe("a worker that lost its lease cannot commit (I9)", () => {
  it.each(["before:RESERVE", "before:DISCOUNTS", "before:PAYMENT", "before:CONFIRM"])(
    "paused at %s while the sweep completes the saga: its step is refused, nothing is done twice",
    async (point) => {
      const { h, listing, saleId, customer } = await setUp(point);
      const paused = pausedAt(h.options, point);
      const worker = checkout(t.prisma, customer, CARDS.visa, paused.options);
      await paused.arrived;

      const orderId = await sweepWhilePaused(h, customer);
      const saga = await t.prisma.checkoutSaga.findFirstOrThrow({ where: { orderId } });
      expect(saga.status).toBe("COMPLETED");
      const settled = {
        journal: await journal(t.prisma, saga.id),
        levels: await listingLevels(t.prisma, listing),
        holds: await t.prisma.inventoryMovement.count({ where: { listingId: listing, kind: "HOLD" } }),
        claims: await t.prisma.flashSaleClaim.findMany({ where: { flashSaleId: saleId }, select: { status: true } }),
        order: (await t.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).status,
      };
      expect(settled.journal).toEqual(SUCCESSFUL_JOURNAL);
      expect(settled.claims).toEqual([{ status: "CONSUMED" }]);

      // The worker wakes up with its stale lease and tries to go on.
      paused.release();
      const woke = await worker;
      if (!woke.ok) throw new Error(woke.reason);
      expect(woke.saga).toMatchObject({ status: "COMPLETED", busy: true });
      expect({
        journal: await journal(t.prisma, saga.id),
        levels: await listingLevels(t.prisma, listing),
        holds: await t.prisma.inventoryMovement.count({ where: { listingId: listing, kind: "HOLD" } }),
        claims: await t.prisma.flashSaleClaim.findMany({ where: { flashSaleId: saleId }, select: { status: true } }),
        order: (await t.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).status,
      }).toEqual(settled);
      expect(await t.prisma.checkoutSaga.findUniqueOrThrow({ where: { id: saga.id } })).toMatchObject({ status: "COMPLETED" });
      expect(h.captures(orderId)).toBe(1);
      expect(await t.prisma.refund.count({ where: { orderId } })).toBe(0);
      await expectAuditClean(t.prisma);
    },
  );

  it.each(["before:undo", "undo:DISCOUNTS"])(
    "a compensation paused at %s while the sweep finishes compensating: the woken worker undoes nothing again",
    async (point) => {
      const { h, listing, saleId, customer } = await setUp(`declined ${point}`);
      const paused = pausedAt(h.options, point);
      const worker = checkout(t.prisma, customer, CARDS.declined, paused.options);
      await paused.arrived;

      const orderId = await sweepWhilePaused(h, customer);
      const saga = await t.prisma.checkoutSaga.findFirstOrThrow({ where: { orderId } });
      expect(saga.status).toBe("COMPENSATED");
      const settled = {
        journal: await journal(t.prisma, saga.id),
        levels: await listingLevels(t.prisma, listing),
        releases: await t.prisma.inventoryMovement.count({ where: { listingId: listing, kind: "RELEASE" } }),
        claims: await t.prisma.flashSaleClaim.findMany({ where: { flashSaleId: saleId }, select: { status: true } }),
        notices: await t.prisma.notification.count({ where: { userId: customer } }),
      };
      expect(settled.journal.filter((entry) => entry.startsWith("UNDO"))).toEqual([
        "UNDO DISCOUNTS undone",
        "UNDO RESERVE undone",
        "UNDO CREATE_ORDER undone",
      ]);

      paused.release();
      const woke = await worker;
      if (!woke.ok) throw new Error(woke.reason);
      expect(woke.saga).toMatchObject({ status: "COMPENSATED", busy: true });
      expect({
        journal: await journal(t.prisma, saga.id),
        levels: await listingLevels(t.prisma, listing),
        releases: await t.prisma.inventoryMovement.count({ where: { listingId: listing, kind: "RELEASE" } }),
        claims: await t.prisma.flashSaleClaim.findMany({ where: { flashSaleId: saleId }, select: { status: true } }),
        notices: await t.prisma.notification.count({ where: { userId: customer } }),
      }).toEqual(settled);
      expect(h.captures(orderId)).toBe(0);
      await expectAuditClean(t.prisma);
    },
  );
});
