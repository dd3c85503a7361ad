// Fault: the app process is killed (SIGKILL: no shutdown, requests cut mid-way, the payment
// simulator's memory gone) while 60 customers check out, then started again. The checkout
// sagas it left behind are finished by the recovery sweep (/api/cron/recover-checkouts, as
// Vercel cron calls it). Afterwards the audit is clean, everyone told "order placed" has a
// paid order, and no customer lost what they had: an order, or the cart as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditInvariants } from "@/lib/audit/audit";
import { addToCart } from "@/lib/cart/cart-lines";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { runStep } from "@/lib/steps/run-step";
import {
  actionIds,
  callAction,
  sessionCookie,
  SECRETS,
  startApp,
  startFaultDatabase,
  type ActionAnswer,
  type App,
  type FaultDatabase,
} from "@/test/faults/harness";
import { createShop } from "@/test/support/cart-fixtures";
import { createTestUsers } from "@/test/support/fixtures";
import { HOUR } from "@/test/support/time";

const CUSTOMERS = 60;
const APP_ENV = { SAGA_LEASE: "2s", PAYMENT_POLL_INTERVAL: "2s" };

let database: FaultDatabase;
let prisma: Db;
let app: App | undefined;

beforeAll(async () => {
  database = await startFaultDatabase();
  prisma = createPrismaClient(database.url, 4);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await prisma?.$disconnect();
  await database?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the app is killed mid-checkout", () => {
  it(`kill -9 of next start while ${CUSTOMERS} customers check out, then start it again`, async () => {
    const shop = await createShop(prisma, "Crash Goods");
    const listings = await Promise.all(Array.from({ length: 6 }, (_, i) => shop.listing(25, { title: `Crash item ${i}` })));
    const users = await createTestUsers(prisma, CUSTOMERS, "crash");
    // Carts filled the way the action fills them.
    await Promise.all(
      users.map((userId, i) =>
        runStep(prisma, addToCart, { userId, listingId: listings[i % listings.length]!, quantity: 1 + (i % 2), ttlMs: HOUR }),
      ),
    );
    const ids = await actionIds();
    const first = await startApp(database.url, APP_ENV);
    app = first;

    const answers: { userId: string; answer: ActionAnswer }[] = [];
    const everyone = Promise.all(
      users.map(async (userId, i) => {
        await pause(Math.random() * 1_500);
        const answer = await callAction(
          first.baseUrl,
          "/checkout",
          ids.checkoutAction!,
          {
            idempotencyKey: crypto.randomUUID(),
            contactEmail: `k${i}@example.test`,
            name: "Crash Customer",
            street: "Street 1",
            city: "Helsinki",
            postalCode: "00100",
            country: "FI",
            // Every fourth card confirms later (by webhook): those sagas wait mid-payment, with the
            // payment's state in the process about to die.
            paymentMethod: i % 4 === 0 ? "pm_card_visa_debit" : "pm_card_visa",
            couponCode: "",
          },
          await sessionCookie(userId),
          30_000,
        );
        answers.push({ userId, answer });
      }),
    );
    // Kill it once some customers have their answer and others' sagas are mid-way.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const running = await prisma.checkoutSaga.count({ where: { status: { in: ["RUNNING", "COMPENSATING"] } } });
      if (answers.length >= 5 && running >= 1) break;
      await pause(5);
    }
    first.child.kill("SIGKILL");
    await first.exited;
    await everyone;
    const toldPlaced = new Map<string, string>();
    for (const { userId, answer } of answers) {
      const orderId = /\/orders\/([0-9a-f-]{36})/.exec(answer.redirect ?? "")?.[1];
      if (orderId) toldPlaced.set(userId, orderId);
    }
    const cut = answers.filter(({ answer }) => answer.status === 0).length;
    const sagasLeft = await prisma.checkoutSaga.count({ where: { status: { in: ["RUNNING", "COMPENSATING"] } } });

    // Started again; the sweep finishes what the dead process left, as cron would.
    const second = await startApp(database.url, APP_ENV);
    app = second;
    let rounds = 0;
    for (; rounds < 40; rounds++) {
      const open = await prisma.checkoutSaga.count({ where: { status: { in: ["RUNNING", "COMPENSATING"] } } });
      if (open === 0) break;
      await fetch(`${second.baseUrl}/api/cron/recover-checkouts`, { headers: { Authorization: `Bearer ${SECRETS.CRON_SECRET}` } });
      await pause(1_000);
    }
    console.log(
      `[app-kill] customers=${CUSTOMERS} answered-before-kill=${answers.length - cut} told-placed=${toldPlaced.size} cut-off=${cut} ` +
        `sagas-left-running=${sagasLeft} recovery-rounds=${rounds}`,
    );
    const kinds = new Map<string, number>();
    for (const { answer } of answers) {
      const kind = answer.redirect
        ? "placed"
        : answer.status === 0
          ? "cut off"
          : `${answer.status} ${answer.state?.reason ?? answer.state?.ok}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    console.log(`[app-kill] answers: ${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(", ")}`);
    expect(cut).toBeGreaterThan(0);
    expect(toldPlaced.size).toBeGreaterThan(0);
    expect(sagasLeft).toBeGreaterThan(0);

    const orders = await prisma.order.findMany({ include: { items: true } });
    const carts = await prisma.cartItem.findMany({ include: { cart: true } });
    for (const [i, userId] of users.entries()) {
      const mine = orders.filter((o) => o.userId === userId);
      const cart = carts.filter((c) => c.cart.userId === userId);
      // At most one order per customer (one submission each), never lost, never doubled.
      expect(mine.length).toBeLessThanOrEqual(1);
      const told = toldPlaced.get(userId);
      if (told) {
        expect(mine.map((o) => o.id)).toEqual([told]);
      }
      // Whatever happened, the customer has their units: in their order, or still in the cart.
      const units =
        mine.flatMap((o) => o.items).reduce((sum, item) => sum + item.quantity, 0) + cart.reduce((sum, line) => sum + line.quantity, 0);
      expect(units, `customer ${i}`).toBe(1 + (i % 2));
      // 4242 pays at once; a card confirming later is paid once the sweep has asked again.
      for (const order of mine) expect(order.status, `customer ${i}`).toBe("PAID");
    }
    expect(await prisma.checkoutSaga.count({ where: { status: { in: ["RUNNING", "COMPENSATING"] } } })).toBe(0);
    expect((await auditInvariants(prisma)).violations).toEqual([]);
  }, 240_000);
});
