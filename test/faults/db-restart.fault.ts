// Fault: the database dies (an immediate shutdown: every backend killed, nothing flushed) while
// 200 customers add to cart and place orders through the running app, and comes back two
// seconds later. During the outage every action must answer at once with "try again" (no 500,
// no hang); afterwards the app recovers with no restart, the audit is clean, and nothing the
// customers were told is lost or doubled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditInvariants } from "@/lib/audit/audit";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
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

const CUSTOMERS = 200;
const LISTINGS = 8;
const STOCK = 20; // 160 units for 200 customers: some are told "sold out", which must hold too
const OUTAGE_MS = 2_000;
/**
 * "Try again" comes at once (about 30 ms on an idle machine); the bounds allow for 200 customers
 * and their retries queueing on 2 cores, and catch a hang.
 */
const TRY_AGAIN_BOUND_MS = 20_000;
const BOUND_MS = 45_000;

let database: FaultDatabase;
let prisma: Db;
let app: App;

beforeAll(async () => {
  database = await startFaultDatabase();
  prisma = createPrismaClient(database.url, 4);
  app = await startApp(database.url, { SAGA_LEASE: "2s", PAYMENT_POLL_INTERVAL: "2s" });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await prisma?.$disconnect();
  await database?.close();
});

interface Told {
  userId: string;
  listingId: string;
  answers: { action: "add" | "checkout"; answer: ActionAnswer }[];
  added: boolean;
  orderId?: string;
  refused?: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unavailable = (answer: ActionAnswer) => answer.state?.reason === "unavailable";

describe("the database restarts under load", () => {
  it(`${CUSTOMERS} customers add to cart and check out while PostgreSQL is killed and started again`, async () => {
    const shop = await createShop(prisma, "Outage Goods");
    const listings = await Promise.all(Array.from({ length: LISTINGS }, (_, i) => shop.listing(STOCK, { title: `Outage item ${i}` })));
    const slugs = new Map(
      (await prisma.listing.findMany({ where: { id: { in: listings } }, include: { product: true } })).map((l) => [l.id, l.product.slug]),
    );
    const users = await createTestUsers(prisma, CUSTOMERS, "outage");
    const ids = await actionIds();

    // The user's own retry: "try again" means press the button again a moment later.
    async function untilAnswered(told: Told, action: "add" | "checkout", call: () => Promise<ActionAnswer>): Promise<ActionAnswer> {
      for (let attempt = 0; ; attempt++) {
        const answer = await call();
        told.answers.push({ action, answer });
        if (!unavailable(answer) || attempt >= 30) return answer;
        await pause(1_000 + Math.random() * 1_000);
      }
    }

    async function customer(userId: string, i: number): Promise<Told> {
      const listingId = listings[i % LISTINGS]!;
      const told: Told = { userId, listingId, answers: [], added: false };
      const cookie = await sessionCookie(userId);
      await pause(Math.random() * 3_000); // arrivals spread over the outage
      const add = await untilAnswered(told, "add", () =>
        callAction(app.baseUrl, `/products/${slugs.get(listingId)}`, ids.addToCartAction!, { listingId, quantity: "1" }, cookie, BOUND_MS),
      );
      told.added = add.state?.ok === true;
      if (!told.added) return told;
      // One form, one idempotency key: pressing "Place order" again replays the same submission.
      const key = crypto.randomUUID();
      const placed = await untilAnswered(told, "checkout", () =>
        callAction(
          app.baseUrl,
          "/checkout",
          ids.checkoutAction!,
          {
            idempotencyKey: key,
            contactEmail: `c${i}@example.test`,
            name: "Outage Customer",
            street: "Street 1",
            city: "Helsinki",
            postalCode: "00100",
            country: "FI",
            paymentMethod: "pm_card_visa",
            couponCode: "",
          },
          cookie,
          BOUND_MS,
        ),
      );
      const orderId = /\/orders\/([0-9a-f-]{36})/.exec(placed.redirect ?? "")?.[1];
      if (orderId) told.orderId = orderId;
      else told.refused = placed.state?.reason ?? placed.error ?? `status ${placed.status}`;
      return told;
    }

    const started = Date.now();
    const everyone = Promise.all(users.map((userId, i) => customer(userId, i)));
    // The outage, in the middle of the crowd; a page asked for meanwhile.
    await pause(1_200);
    await database.server.crash();
    const crashedAt = Date.now();
    const pageStarted = performance.now();
    const page = await fetch(`${app.baseUrl}/products`, { signal: AbortSignal.timeout(TRY_AGAIN_BOUND_MS) });
    const pageBody = await page.text();
    const pageMs = performance.now() - pageStarted;
    await pause(OUTAGE_MS);
    await database.server.restart();
    const restartedAt = Date.now();
    const results = await everyone;
    const finished = Date.now();

    // Sagas a failed request left behind are finished by the recovery sweep, as cron would.
    for (let round = 0; round < 30; round++) {
      const open = await prisma.checkoutSaga.count({ where: { status: { in: ["RUNNING", "COMPENSATING"] } } });
      if (open === 0) break;
      await fetch(`${app.baseUrl}/api/cron/recover-checkouts`, { headers: { Authorization: `Bearer ${SECRETS.CRON_SECRET}` } });
      await pause(1_000);
    }

    const answers = results.flatMap((r) => r.answers.map((a) => a.answer));
    const tryAgain = answers.filter(unavailable).length;
    const slowest = Math.max(...answers.map((a) => a.ms));
    const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
    const slowestTryAgain = Math.max(0, ...answers.filter(unavailable).map((a) => a.ms));
    const statuses = [...new Set(answers.map((a) => a.status))];
    console.log(
      `[db-restart] customers=${CUSTOMERS} requests=${answers.length} try-again=${tryAgain} statuses=${statuses.join(",")} ` +
        `p95=${Math.round(p95)} ms slowest-try-again=${Math.round(slowestTryAgain)} ms slowest=${Math.round(slowest)} ms outage=${restartedAt - crashedAt} ms total=${finished - started} ms ` +
        `added=${results.filter((r) => r.added).length} ordered=${results.filter((r) => r.orderId).length} ` +
        `page-during-outage=${page.status} in ${Math.round(pageMs)} ms`,
    );

    if (answers.some((a) => a.status >= 500)) {
      const errors = app.output
        .join("")
        .split("\n")
        .filter((line) => /⨯|Error|error/.test(line));
      console.log(
        `[db-restart] 5xx answers: ${JSON.stringify(answers.filter((a) => a.status >= 500).slice(0, 5))}\napp errors:\n${errors.slice(0, 40).join("\n")}`,
      );
    }
    // Every answer was an answer: no 5xx, no network failure, none past the bound.
    expect(answers.filter((a) => a.status === 0 || a.status >= 500)).toEqual([]);
    expect(slowest).toBeLessThan(BOUND_MS);
    expect(slowestTryAgain).toBeLessThan(TRY_AGAIN_BOUND_MS);
    expect(tryAgain).toBeGreaterThan(0);
    for (const a of answers.filter(unavailable)) expect(a.state?.message).toMatch(/try again/i);
    // The page asked for during the outage answers quickly with the app's error document, on
    // which the browser shows the root error page ("We could not reach the shop just now");
    // Next.js gives a render error the status 500 and has no way to make it a 503.
    expect(pageBody).toMatch(/__next_error__|We could not reach the shop just now|Something went wrong/);
    expect(pageBody).not.toBe("Internal Server Error");
    expect(pageMs).toBeLessThan(TRY_AGAIN_BOUND_MS);

    // Recovered without a restart: everyone got a final answer that is not "try again".
    for (const r of results) {
      const last = r.answers.at(-1)!.answer;
      expect(unavailable(last), `customer ${r.userId} still told to try again`).toBe(false);
    }

    // Nothing lost or doubled relative to what each customer was told.
    const orders = await prisma.order.findMany({ include: { items: true } });
    const byUser = new Map<string, typeof orders>();
    for (const order of orders) byUser.set(order.userId, [...(byUser.get(order.userId) ?? []), order]);
    let inDoubt = 0;
    for (const r of results) {
      const mine = byUser.get(r.userId) ?? [];
      if (r.orderId) {
        // Told "order placed": it is there, paid, with the one unit added.
        expect(mine.map((o) => o.id)).toEqual([r.orderId]);
        expect(mine[0]!.status).toBe("PAID");
        const units = mine[0]!.items.reduce((sum, item) => sum + item.quantity, 0);
        const addAttempts = r.answers.filter((a) => a.action === "add").length;
        if (units > 1) inDoubt += 1;
        expect(units).toBeGreaterThanOrEqual(1);
        expect(units).toBeLessThanOrEqual(addAttempts);
      } else {
        // Told no order (sold out, or never got a unit): there is none.
        expect(mine).toEqual([]);
      }
    }
    if (inDoubt > 0)
      console.log(
        `[db-restart] ${inDoubt} customer(s) got a unit from an add whose answer was lost with the connection (an in-doubt commit)`,
      );
    const sold = orders.filter((o) => o.status === "PAID").reduce((sum, o) => sum + o.items.reduce((s, i) => s + i.quantity, 0), 0);
    expect(sold).toBeLessThanOrEqual(LISTINGS * STOCK);

    const report = await auditInvariants(prisma);
    expect(report.violations).toEqual([]);
  }, 240_000);
});
