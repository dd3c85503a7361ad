// No card number reaches the server (I13): a card number posted to checkout, pay-again or any
// other form is refused with a clear field error before anything parses, stores or logs it.
// Afterwards the digits are nowhere: not in any table's text, not in the console.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/prisma";
import { CARD_NUMBER_MESSAGE, containsCardNumber } from "@/lib/validation/card-number";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop } from "@/test/support/cart-fixtures";
import { CARDS, checkoutCart, checkoutHarness } from "@/test/support/checkout-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

const context = vi.hoisted(() => ({ db: undefined as unknown as Db, customer: undefined as unknown as SessionUser }));

vi.mock("@/lib/db/client", () => ({ db: () => context.db }));
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: () => Promise.resolve(context.customer),
  authorizeCustomer: () => Promise.resolve({ ok: true, user: context.customer }),
  authorizeShopOwner: () => Promise.resolve({ ok: false, reason: "not-owner" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(new Headers({ "x-storefront-peer-address": "192.0.2.202" })) }));

const accounts = await import("@/lib/actions/accounts");
const cart = await import("@/lib/actions/cart");
const checkout = await import("@/lib/actions/checkout");
const orders = await import("@/lib/actions/orders");

let t: TestDatabase;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

// Stripe's test numbers, written the ways people type them, and a real-looking Amex.
const NUMBERS = ["4242 4242 4242 4242", "4000-0027-6000-3184", "5555555555554444", "3782 822463 10005"];

/** Every text a row of any table holds, as one string per row: where a leaked number would be. */
async function everyRowAsText(db: Db): Promise<string[]> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const rows: string[] = [];
  for (const { name } of tables) {
    const found = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM ${name} t`);
    rows.push(...found.map((entry) => entry.row));
  }
  return rows;
}

beforeAll(async () => {
  t = await useTestDatabase(4);
  context.db = t.prisma;
});

afterAll(async () => {
  await expectAuditClean(t.prisma);
});

describe("a card number posted to the server (I13)", () => {
  it("knows a card number in the ways it is written, and leaves ids, phone-like and short numbers alone", () => {
    for (const number of NUMBERS) expect(containsCardNumber(number)).toBe(true);
    expect(containsCardNumber("my card is 4242424242424242, thanks")).toBe(true);
    for (const other of ["4242 4242 4242 4241", "pm_card_visa", "00100", "123456789012345678901", "3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b"])
      expect(containsCardNumber(other)).toBe(false);
  });

  it("leaves React's own fields of a form posted before hydration alone (their key is digits and hex)", async () => {
    const shop = await createShop(t.prisma, "Before Hydration");
    const listing = await shop.listing(1);
    const [customer] = await createCustomers(t.prisma, 1, "card-safety-pre-hydration");
    context.customer = { id: customer!, name: "Before Hydration", email: "before-hydration@example.test", shop: null };
    // An $ACTION_KEY seen in a real add-to-cart post: its digits 519053993125199043 pass the Luhn check.
    const actionKey = "kadb4c9dbacc67e519053993125199043";
    expect(containsCardNumber(actionKey)).toBe(true);
    const answer = await cart.addToCartAction(
      { status: "idle" } as never,
      form({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"7fd1","bound":"$@1"}', $ACTION_KEY: actionKey, listingId: listing, quantity: "1" }),
    );
    expect(answer).toMatchObject({ ok: true });
  });

  it("is refused by checkout, pay-again and any other form, with a field error, and is written and logged nowhere", async () => {
    const shop = await createShop(t.prisma, "Card Safety");
    const listing = await shop.listing(5, { priceCents: 2_000 });
    const [buyer] = await createCustomers(t.prisma, 1, "card-safety");
    context.customer = { id: buyer!, name: "Card Safety", email: "card-safety@example.test", shop: null };
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    try {
      const declined = await checkoutCart(t.prisma, buyer!, [[listing, 1]], CARDS.declined, checkoutHarness().options);
      const before = await everyRowAsText(t.prisma);

      for (const number of NUMBERS) {
        const checkoutAnswer = await checkout.checkoutAction(
          null,
          form({
            idempotencyKey: crypto.randomUUID(),
            contactEmail: "card-safety@example.test",
            name: "Card Safety",
            street: "Street 1",
            city: "Helsinki",
            postalCode: "00100",
            country: "FI",
            paymentMethod: number,
          }),
        );
        expect(checkoutAnswer).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { paymentMethod: [CARD_NUMBER_MESSAGE] } });
        expect(JSON.stringify(checkoutAnswer)).not.toContain(number);

        const payAgain = await orders.payOrderAgainAction(
          null,
          form({ orderId: declined.orderId, idempotencyKey: crypto.randomUUID(), paymentMethod: number }),
        );
        expect(payAgain).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { paymentMethod: [CARD_NUMBER_MESSAGE] } });

        // Typed where it does not belong: the street of the address, a sign-up name.
        const street = await checkout.checkoutAction(
          null,
          form({ idempotencyKey: crypto.randomUUID(), street: `Card ${number}`, paymentMethod: "pm_card_visa" }),
        );
        expect(street).toMatchObject({ ok: false, fieldErrors: { street: [CARD_NUMBER_MESSAGE] } });
        const signUp = await accounts.signUpAction(
          null,
          form({ name: number, email: "x@example.test", phone: "+358401234567", password: "correct-horse-battery" }),
        );
        expect(signUp).toMatchObject({ ok: false, fieldErrors: { name: [CARD_NUMBER_MESSAGE] } });
      }

      // Nothing was written: every row reads as before, and none holds the digits.
      const after = await everyRowAsText(t.prisma);
      expect(after.sort()).toEqual(before.sort());
      const digits = NUMBERS.map((number) => number.replace(/\D/g, ""));
      for (const row of after) for (const number of digits) expect(row.replace(/[\s-]/g, "")).not.toContain(number);
      for (const line of logged) for (const number of digits) expect(line.replace(/[\s-]/g, "")).not.toContain(number);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
