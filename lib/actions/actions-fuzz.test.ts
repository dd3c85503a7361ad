// Every server action driven with generated input (fast-check): unicode, NUL, control
// characters, huge and odd numbers, empty values, files where text belongs, unknown and
// repeated fields, mixed with valid values so the steps behind the schemas run too. Each
// answer must be a typed result (success, or a message with field errors) or the redirect a
// success sends; never an exception. Afterwards every invariant still holds.
//
// The actions run as they are, through the one wrapper, on a real test database: only the
// request context is stood in for (the session, revalidation, request headers).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { INVALID_INPUT } from "@/lib/actions/action-result";
import type { SessionUser, ShopOwner } from "@/lib/auth/session";
import { addToCart } from "@/lib/cart/cart-lines";
import type { Db } from "@/lib/db/prisma";
import { runStep } from "@/lib/steps/run-step";
import { expectAuditClean } from "@/test/support/audit";
import { createShop, type ShopFixture } from "@/test/support/cart-fixtures";
import { createTestUser } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

const context = vi.hoisted(() => ({
  db: undefined as unknown as Db,
  customer: undefined as unknown as SessionUser,
  owner: undefined as unknown as ShopOwner,
}));

vi.mock("@/lib/db/client", () => ({ db: () => context.db }));
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: () => Promise.resolve(context.customer),
  authorizeCustomer: () => Promise.resolve({ ok: true, user: context.customer }),
  authorizeShopOwner: () => Promise.resolve({ ok: true, user: context.owner }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(new Headers({ "x-storefront-peer-address": "192.0.2.200" })) }));

const accounts = await import("@/lib/actions/accounts");
const cart = await import("@/lib/actions/cart");
const checkout = await import("@/lib/actions/checkout");
const discounts = await import("@/lib/actions/discounts");
const drops = await import("@/lib/actions/drops");
const listings = await import("@/lib/actions/listings");
const notifications = await import("@/lib/actions/notifications");
const orders = await import("@/lib/actions/orders");
const payments = await import("@/lib/actions/payments");
const refunds = await import("@/lib/actions/refunds");
const shops = await import("@/lib/actions/shops");
const waitlist = await import("@/lib/actions/waitlist");

let t: TestDatabase;
let shop: ShopFixture;
const pools = {
  listing: [] as string[],
  cartItem: [] as string[],
  order: [] as string[],
  orderItem: [] as string[],
  intent: [] as string[],
  campaign: [] as string[],
  sale: [] as string[],
  drop: [] as string[],
  notification: [] as string[],
};

/** What the actions made so far: later forms name it, as a customer or owner would. */
async function refreshPools() {
  const userId = context.customer.id;
  const [items, ordersMade, orderItems, intents, campaigns, sales, notices, dropsMade] = await Promise.all([
    t.prisma.cartItem.findMany({ where: { cart: { userId } }, select: { id: true } }),
    t.prisma.order.findMany({ where: { userId }, select: { id: true } }),
    t.prisma.orderItem.findMany({ where: { order: { userId } }, select: { id: true } }),
    t.prisma.payment.findMany({ where: { order: { userId }, providerRef: { not: null } }, select: { providerRef: true } }),
    t.prisma.couponCampaign.findMany({ select: { id: true } }),
    t.prisma.flashSale.findMany({ select: { id: true } }),
    t.prisma.notification.findMany({ where: { userId }, select: { id: true } }),
    t.prisma.drop.findMany({ select: { id: true } }),
  ]);
  pools.cartItem = items.map((row) => row.id);
  pools.order = ordersMade.map((row) => row.id);
  pools.orderItem = orderItems.map((row) => row.id);
  pools.intent = intents.map((row) => row.providerRef!);
  pools.campaign = campaigns.map((row) => row.id);
  pools.sale = sales.map((row) => row.id);
  pools.notification = notices.map((row) => row.id);
  pools.drop = dropsMade.map((row) => row.id);
}

beforeAll(async () => {
  t = await useTestDatabase(6);
  context.db = t.prisma;
  const customer = await createTestUser(t.prisma, { name: "Fuzz Customer" });
  context.customer = { id: customer.id, name: "Fuzz Customer", email: customer.email, shop: null } satisfies SessionUser;
  // The owner of the shop whose listings the forms name, so the owner's steps run too.
  shop = await createShop(t.prisma, "Fuzz Market");
  context.owner = {
    id: shop.ownerId,
    name: "Fuzz Market owner",
    email: "owner@example.test",
    shop: { id: shop.shopId, slug: "fuzz-market", name: "Fuzz Market" },
  } satisfies ShopOwner;
  pools.listing = await Promise.all([shop.listing(50), shop.listing(3), shop.listing(0)]);
  for (const listingId of pools.listing.slice(0, 2))
    await runStep(t.prisma, addToCart, { userId: customer.id, listingId, quantity: 1, ttlMs: HOUR });
  await refreshPools();
});

afterAll(async () => {
  await expectAuditClean(t.prisma);
});

/** Text as a careless user, a fuzzer or an attacker types it. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\t\r\n",
    "\u202e\u200b",
    "１２",
    "𝟘",
    "-1",
    "0",
    "1e308",
    "-1e308",
    "1e-320",
    "NaN",
    "Infinity",
    "0x1F",
    "99999999999999999999999",
    "2147483648",
    "3.5",
    "1,5",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "__proto__",
    "constructor",
    "x".repeat(5_000),
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.uuid().map(String),
);

/** A field's good values, read when a run is generated (pools fill up as the actions run). */
type Good = () => string[];
const valid =
  (...values: string[]): Good =>
  () =>
    values;
const fromPool =
  (pool: () => string[]): Good =>
  () =>
    pool().length > 0 ? pool() : [crypto.randomUUID()];
const anyUuid: Good = () => [crypto.randomUUID()];
const soon = () => new Date(Date.now() + 60_000).toISOString();
const later = () => new Date(Date.now() + 3 * HOUR).toISOString();
const good = (values: Good) =>
  fc.nat().map((i) => {
    const list = values();
    return list[i % list.length] ?? "";
  });

type Value = string | File;

/** One field spoiled: missing, a file where text belongs, sent twice, or junk. */
function spoil(name: string, junk: fc.Arbitrary<string>): fc.Arbitrary<[string, Value][]> {
  return fc.oneof(
    { weight: 4, arbitrary: junk.map((value): [string, Value][] => [[name, value]]) },
    { weight: 1, arbitrary: fc.constant<[string, Value][]>([]) },
    { weight: 1, arbitrary: fc.constant<[string, Value][]>([[name, new File(["not text"], "x.bin")]]) },
    {
      weight: 1,
      arbitrary: junk.map((value): [string, Value][] => [
        [name, value],
        [name, "second"],
      ]),
    },
  );
}

/**
 * A form: every field filled with one of its arbitraries' values, then up to three fields
 * spoiled (half the runs spoil none, so the steps behind the schema run), plus stray fields.
 */
function form(fields: Record<string, Good>): fc.Arbitrary<[string, Value][]> {
  const names = Object.keys(fields);
  const filled = fc.tuple(...names.map((name) => good(fields[name]!).map((value): [string, Value][] => [[name, value]])));
  const spoiled = fc
    .subarray(names, { maxLength: Math.min(3, names.length) })
    .chain((chosen) =>
      chosen.length === 0
        ? fc.constant(new Map<string, [string, Value][]>())
        : fc.tuple(...chosen.map((name) => spoil(name, nasty).map((entries) => [name, entries] as const))).map((pairs) => new Map(pairs)),
    );
  const clean = fc.boolean();
  const stray = fc.array(fc.tuple(fc.constantFrom("$ACTION_ID_x", "__proto__", "extra", ""), nasty), { maxLength: 2 });
  return fc.tuple(filled, spoiled, clean, stray).map(([parts, spoils, keepClean, extra]) => {
    const entries = names.flatMap((name, i) => (!keepClean && spoils.has(name) ? spoils.get(name)! : parts[i]!));
    return keepClean ? entries : [...entries, ...extra];
  });
}

type AnyAction = (previous: null, formData: FormData) => Promise<unknown>;

interface Case {
  name: string;
  action: AnyAction;
  fields: Record<string, Good>;
  runs?: number;
  /** Runs before each generated form: what a customer does before this form, e.g. fill the cart. */
  before?: () => Promise<unknown>;
  /** Fields named after rows (`line:<order item id>`): one such field, with a count or junk, from this pool. */
  lines?: () => string[];
}

/** A line in the fuzz customer's cart, so the checkout's steps behind its schema run too. */
const fillCart = () =>
  runStep(t.prisma, addToCart, { userId: context.customer.id, listingId: pools.listing[0]!, quantity: 1, ttlMs: HOUR });

/** The waiting-room fields of the new-sale and new-campaign forms. */
const dropFields = {
  waitingRoom: valid("on", ""),
  lineOpensMinutes: valid("30", ""),
  admitPerMinute: valid("60", ""),
  maxAdmitted: valid("", "3"),
  admissionMinutes: valid("10", ""),
};

const cases: Case[] = [
  {
    name: "sign up",
    action: accounts.signUpAction,
    fields: {
      name: valid("Ann Fuzz"),
      email: valid("fuzz@example.test", "FUZZ@example.test"),
      phone: valid("+358401234567"),
      password: valid("correct-horse-battery"),
    },
    runs: 12,
  },
  {
    name: "add to cart",
    action: cart.addToCartAction,
    fields: { listingId: fromPool(() => pools.listing), quantity: valid("1", "2", "10") },
  },
  {
    name: "set quantity",
    action: cart.setQuantityAction,
    fields: { cartItemId: fromPool(() => pools.cartItem), quantity: valid("0", "1", "3") },
  },
  { name: "reserve again", action: cart.reserveAgainAction, fields: { cartItemId: fromPool(() => pools.cartItem) } },
  { name: "remove line", action: cart.removeLineAction, fields: { cartItemId: fromPool(() => pools.cartItem) } },
  {
    name: "forgot password",
    action: accounts.forgotPasswordAction,
    fields: { email: valid("fuzz@example.test", "nobody@example.test") },
    runs: 12,
  },
  {
    name: "reset password",
    action: accounts.resetPasswordAction,
    fields: { token: valid("", "not-a-token"), password: valid("correct-horse-battery"), confirm: valid("correct-horse-battery") },
    runs: 12,
  },
  {
    name: "checkout",
    action: checkout.checkoutAction,
    fields: {
      idempotencyKey: anyUuid,
      continueWithoutSoldOut: valid("yes", "no"),
      contactEmail: valid("buyer@example.test"),
      name: valid("Buyer"),
      street: valid("Street 1"),
      city: valid("Helsinki"),
      postalCode: valid("00100"),
      country: valid("FI", "SE"),
      // Test PaymentMethods as the picker posts them, and a card number, which must be refused.
      paymentMethod: valid("pm_card_visa", "pm_card_visa_chargeDeclined", "pm_card_authenticationRequired", "4242 4242 4242 4242"),
      couponCode: valid(""),
    },
    runs: 30,
    before: fillCart,
  },
  {
    name: "pay again",
    action: orders.payOrderAgainAction,
    fields: { orderId: fromPool(() => pools.order), idempotencyKey: anyUuid, paymentMethod: valid("pm_card_visa", "4000 0000 0000 0002") },
  },
  {
    name: "answer the bank's check",
    action: payments.answerBankCheckAction,
    fields: { intentId: fromPool(() => pools.intent), answer: valid("complete", "fail") },
  },
  {
    name: "refund an order",
    action: refunds.refundOrderAction,
    fields: { orderId: fromPool(() => pools.order), idempotencyKey: anyUuid, restock: valid("on", ""), reason: valid("", "damaged") },
    lines: () => pools.orderItem,
  },
  { name: "cancel order", action: orders.cancelOrderAction, fields: { orderId: fromPool(() => pools.order) } },
  { name: "join waitlist", action: waitlist.joinWaitlistAction, fields: { listingId: fromPool(() => pools.listing) } },
  { name: "leave waitlist", action: waitlist.leaveWaitlistAction, fields: { listingId: fromPool(() => pools.listing) } },
  {
    name: "mark notification read",
    action: notifications.markNotificationReadAction,
    fields: { notificationId: fromPool(() => pools.notification) },
  },
  { name: "open shop", action: shops.openShopAction, fields: { name: valid("Fuzz Corner"), slug: valid("", "fuzz-corner") }, runs: 20 },
  {
    name: "create listing",
    action: listings.createListingAction,
    fields: {
      brand: valid("Fuzz"),
      model: valid("One", "Race-X"),
      variant: valid(""),
      description: valid("", "A fine thing."),
      price: valid("9.90", "1 299,00"),
      initialStock: valid("0", "5"),
    },
  },
  {
    name: "receive stock",
    action: listings.receiveStockAction,
    fields: { listingId: fromPool(() => pools.listing), quantity: valid("1", "100000"), note: valid("", "delivery") },
  },
  {
    name: "adjust stock",
    action: listings.adjustStockAction,
    fields: { listingId: fromPool(() => pools.listing), delta: valid("-1", "1", "-100000"), reason: valid("counted again") },
  },
  { name: "set price", action: listings.setPriceAction, fields: { listingId: fromPool(() => pools.listing), price: valid("12.50") } },
  {
    name: "set active",
    action: listings.setActiveAction,
    fields: { listingId: fromPool(() => pools.listing), active: valid("true", "false") },
  },
  {
    name: "create flash sale",
    action: discounts.createFlashSaleAction,
    fields: {
      listingId: fromPool(() => pools.listing),
      kind: valid("percent", "price"),
      percent: valid("10", ""),
      salePrice: valid("5.00", ""),
      slots: valid("1", "5"),
      startsAt: () => [soon()],
      endsAt: () => [later()],
      ...dropFields,
    },
  },
  { name: "end flash sale", action: discounts.endFlashSaleAction, fields: { saleId: fromPool(() => pools.sale) } },
  {
    name: "create campaign",
    action: discounts.createCampaignAction,
    fields: {
      name: valid("Fuzz days"),
      kind: valid("percent", "amount"),
      percent: valid("10", ""),
      amountOff: valid("2.00", ""),
      limit: valid("3"),
      listingId: valid(""),
      minOrder: valid(""),
      startsAt: () => [soon()],
      endsAt: () => [later()],
      ...dropFields,
    },
  },
  { name: "join a drop's line", action: drops.joinDropAction, fields: { dropId: fromPool(() => pools.drop) } },
  { name: "claim coupon", action: discounts.claimCouponAction, fields: { campaignId: fromPool(() => pools.campaign) } },
  { name: "end campaign", action: discounts.endCampaignAction, fields: { campaignId: fromPool(() => pools.campaign) } },
  // The cart again, and the checkout with coupons claimed, now that campaigns exist.
  {
    name: "add to cart again",
    action: cart.addToCartAction,
    fields: { listingId: fromPool(() => pools.listing), quantity: valid("1") },
    runs: 10,
  },
  {
    name: "checkout again",
    action: checkout.checkoutAction,
    fields: {
      idempotencyKey: anyUuid,
      continueWithoutSoldOut: valid("yes"),
      contactEmail: valid("buyer@example.test"),
      name: valid("Buyer"),
      street: valid("Street 1"),
      city: valid("Helsinki"),
      postalCode: valid("00100"),
      country: valid("FI"),
      paymentMethod: valid("pm_card_visa", "pm_card_visa_chargeDeclined"),
      couponCode: valid(""),
    },
    runs: 20,
    before: fillCart,
  },
];

/** One of a pool's ids (read when a run is generated), or a stranger's. */
function fromPoolArbitrary(pool: (() => string[]) | undefined): fc.Arbitrary<string> {
  return fc.nat().map((i) => {
    const list = pool?.() ?? [];
    return list.length > 0 && i % 5 !== 0 ? list[i % list.length]! : crypto.randomUUID();
  });
}

/** What an action may answer: a typed result, or the redirect a success sends. */
async function outcome(action: AnyAction, entries: [string, Value][]): Promise<string> {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  try {
    const result = (await action(null, data)) as { ok?: unknown; message?: unknown; fieldErrors?: unknown; reason?: unknown } | null;
    if (!result || typeof result.ok !== "boolean") return `not a result: ${JSON.stringify(result)}`;
    if (result.ok) return "ok";
    if (typeof result.message !== "string" || typeof result.fieldErrors !== "object" || result.fieldErrors === null)
      return `bad failure: ${JSON.stringify(result)}`;
    return `refused:${typeof result.reason === "string" ? result.reason : "-"}`;
  } catch (error) {
    if (isRedirectError(error)) return "ok";
    return `threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

/** Rows of the tables an action could write, to show that a refused call wrote none. */
async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await t.prisma.$queryRaw<Record<string, number>[]>`
    SELECT (SELECT COUNT(*)::int FROM users) AS users, (SELECT COUNT(*)::int FROM shops) AS shops,
           (SELECT COUNT(*)::int FROM listings) AS listings, (SELECT COUNT(*)::int FROM cart_items) AS cart_items,
           (SELECT COUNT(*)::int FROM holds) AS holds, (SELECT COUNT(*)::int FROM inventory_movements) AS movements,
           (SELECT COUNT(*)::int FROM orders) AS orders, (SELECT COUNT(*)::int FROM notifications) AS notifications,
           (SELECT COUNT(*)::int FROM rate_limit_buckets) AS rate_limits, (SELECT COUNT(*)::int FROM password_resets) AS resets,
           (SELECT COUNT(*)::int FROM waitlist_entries) AS waitlist, (SELECT COUNT(*)::int FROM drop_places) AS drop_places,
           (SELECT COUNT(*)::int FROM flash_sales) AS sales, (SELECT COUNT(*)::int FROM coupon_campaigns) AS campaigns`;
  return row!;
}

// Every exported action of every action module, so a new one is covered without a line here.
const everyAction = Object.entries({
  accounts,
  cart,
  checkout,
  discounts,
  drops,
  listings,
  notifications,
  orders,
  payments,
  refunds,
  shops,
  waitlist,
}).flatMap(([module, exports]) =>
  Object.entries(exports as Record<string, unknown>)
    .filter((entry): entry is [string, (...args: unknown[]) => Promise<unknown>] => typeof entry[1] === "function")
    .map(([name, action]) => [`${module}.${name}`, action] as const),
);

// What a crafted request may put where the form goes: nothing, an object, an array, a string.
const tampered: [string, unknown[]][] = [
  ["no arguments", []],
  ["(null, {})", [null, {}]],
  ["(null, [])", [null, []]],
  ['(null, "text")', [null, "text"]],
];

describe("every server action refuses a payload that is not a form as bad input, writing and logging nothing", () => {
  it("covers every action the generated forms drive, and the rest of each module", () => {
    const actions = everyAction.map(([, action]) => action);
    for (const { name, action } of cases) expect(actions, name).toContain(action);
    expect(actions).toContain(notifications.markAllNotificationsReadAction);
    // And every action module is in the list above.
    const modules = readdirSync(path.join(process.cwd(), "lib/actions"))
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .filter((file) => readFileSync(path.join(process.cwd(), "lib/actions", file), "utf8").startsWith('"use server"'));
    expect(new Set(everyAction.map(([name]) => name.split(".")[0]))).toEqual(new Set(modules.map((file) => file.replace(/\.ts$/, ""))));
  });

  for (const [name, action] of everyAction) {
    it(name, async () => {
      const before = await rowCounts();
      const logged = ["log", "warn", "error"].map((level) => vi.spyOn(console, level as "log" | "warn" | "error"));
      try {
        for (const [label, args] of tampered) {
          const answer = (await action(...args)) as { ok?: unknown; reason?: unknown; message?: unknown; fieldErrors?: unknown };
          expect(answer, `${name} ${label}`).toEqual({ ok: false, reason: "invalid", message: INVALID_INPUT, fieldErrors: {} });
        }
        for (const spy of logged) expect(spy, name).not.toHaveBeenCalled();
      } finally {
        for (const spy of logged) spy.mockRestore();
      }
      expect(await rowCounts()).toEqual(before);
    });
  }
});

describe("every server action answers generated input with a result, never an exception", () => {
  for (const { name, action, fields, runs, before, lines } of cases) {
    it(name, async () => {
      const seen = new Map<string, number>();
      const line = fc.tuple(fromPoolArbitrary(lines), fc.oneof(good(valid("1", "0", "2", "99")), nasty));
      const withLines = lines
        ? fc
            .tuple(form(fields), fc.array(line, { maxLength: 2 }))
            .map(([entries, extra]) => [...entries, ...extra.map(([id, count]): [string, Value] => [`line:${id}`, count])])
        : form(fields);
      await fc.assert(
        fc.asyncProperty(withLines, async (entries) => {
          await before?.();
          const answer = await outcome(action, entries);
          seen.set(answer, (seen.get(answer) ?? 0) + 1);
          if (answer !== "ok" && !answer.startsWith("refused:"))
            throw new Error(
              `${name}: ${answer}\ninput: ${JSON.stringify(entries.map(([k, v]) => [k, typeof v === "string" ? v.slice(0, 80) : "<file>"]))}`,
            );
        }),
        // An empty form runs every time, so each action's refusal is seen even when the
        // generated forms happen to be all valid (20 runs of two fields can be).
        { numRuns: runs ?? 40, examples: [[[]]] },
      );
      await refreshPools();
      console.log(`[fuzz] ${name}: ${[...seen].map(([answer, count]) => `${answer} ${count}`).join(", ")}`);
      expect([...seen.keys()].some((answer) => answer.startsWith("refused:"))).toBe(true);
    });
  }
});
