// The server actions a script would call directly during a drop (I12): without a live
// admission of the signed-in customer, add to cart, checkout and a coupon claim answer a clear
// refusal (never a 500), and write nothing. Only the request context is stood in for (the
// session, revalidation, request headers); the actions run through the one wrapper on a real
// test database.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { createCampaign } from "@/lib/coupons/create-campaign";
import type { Db } from "@/lib/db/prisma";
import { admitDrop } from "@/lib/drops/admit";
import { joinDrop } from "@/lib/drops/join";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { runStep } from "@/lib/steps/run-step";
import { expectAuditClean } from "@/test/support/audit";
import { createCustomers, createShop } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

const context = vi.hoisted(() => ({ db: undefined as unknown as Db, customer: undefined as unknown as SessionUser }));

vi.mock("@/lib/db/client", () => ({ db: () => context.db }));
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: () => Promise.resolve(context.customer),
  authorizeCustomer: () => Promise.resolve({ ok: true, user: context.customer }),
  authorizeShopOwner: () => Promise.resolve({ ok: false, reason: "not-owner" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(new Headers({ "x-storefront-peer-address": "192.0.2.201" })) }));

const cart = await import("@/lib/actions/cart");
const checkout = await import("@/lib/actions/checkout");
const discounts = await import("@/lib/actions/discounts");
const drops = await import("@/lib/actions/drops");

let t: TestDatabase;
const as = (id: string) => (context.customer = { id, name: "Drop Shopper", email: `${id}@example.test`, shop: null });
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const settings = { opensBeforeMs: 2 * HOUR, admitPerMinute: 60, maxAdmitted: null, admissionSeconds: 600 };

beforeAll(async () => {
  t = await useTestDatabase(4);
  context.db = t.prisma;
});

afterAll(async () => {
  await expectAuditClean(t.prisma);
});

describe("a running drop's actions refuse a customer without a live admission, with words, writing nothing (I12)", () => {
  it("add to cart and checkout, for someone outside the line and someone waiting in it; then the admitted one may", async () => {
    const shop = await createShop(t.prisma, "Drop Actions");
    const listingId = await shop.listing(5);
    const sale = await runStep(t.prisma, createFlashSale, {
      shopId: shop.shopId,
      listingId,
      slots: 2,
      discount: { kind: "percent", percent: 10 },
      startsAt: new Date(Date.now() - 1_000),
      endsAt: new Date(Date.now() + 2 * HOUR),
      drop: { ...settings, maxAdmitted: 1 },
    });
    if (!sale.ok || !sale.dropId) throw new Error("sale drop");
    const [outsider, first, second] = await createCustomers(t.prisma, 3, "actions");

    as(outsider!);
    const refused = await cart.addToCartAction(null, form({ listingId, quantity: "1" }));
    expect(refused).toMatchObject({ ok: false, reason: "drop-join-line", message: expect.stringContaining("join the line") });

    // In line: the first is let in (the cap is one), the second waits.
    as(first!);
    expect(await drops.joinDropAction(null, form({ dropId: sale.dropId }))).toMatchObject({ ok: true, place: 1 });
    as(second!);
    expect(await drops.joinDropAction(null, form({ dropId: sale.dropId }))).toMatchObject({ ok: true, place: 2 });
    await admitDrop(t.prisma, sale.dropId);
    expect(await cart.addToCartAction(null, form({ listingId, quantity: "1" }))).toMatchObject({
      ok: false,
      reason: "drop-wait-turn",
      message: expect.stringContaining("when it's your turn"),
    });
    const checkoutForm = form({
      idempotencyKey: crypto.randomUUID(),
      contactEmail: "buyer@example.test",
      name: "Drop Buyer",
      street: "Mannerheimintie 1",
      city: "Helsinki",
      postalCode: "00100",
      country: "FI",
      paymentMethod: "pm_card_visa",
    });
    // The second puts nothing in a cart: its checkout finds an empty cart, nothing else.
    expect(await checkout.checkoutAction(null, checkoutForm)).toMatchObject({ ok: false, reason: "empty-cart" });

    as(first!);
    expect(await cart.addToCartAction(null, form({ listingId, quantity: "1" }))).toMatchObject({ ok: true, line: { status: "reserved" } });
    expect(await t.prisma.cartItem.count({ where: { listingId } })).toBe(1);
    expect(await t.prisma.hold.count({ where: { listingId } })).toBe(1);
  });

  it("a drop campaign's claim: refused outside the line, taken in turn", async () => {
    const shop = await createShop(t.prisma, "Drop Coupons");
    const campaign = await runStep(t.prisma, createCampaign, {
      shopId: shop.shopId,
      name: "Line coupons",
      limit: 3,
      discountPercent: 10,
      amountOffCents: null,
      listingId: null,
      minOrderCents: 0,
      startsAt: new Date(Date.now() - 1_000),
      endsAt: new Date(Date.now() + HOUR),
      drop: settings,
    });
    if (!campaign.ok || !campaign.dropId) throw new Error("campaign drop");
    const [outsider, member] = await createCustomers(t.prisma, 2, "claimers");
    as(outsider!);
    expect(await discounts.claimCouponAction(null, form({ campaignId: campaign.campaignId }))).toMatchObject({
      ok: false,
      reason: "drop-join-line",
      message: expect.stringContaining("claim a coupon"),
    });
    await joinDrop(t.prisma, { dropId: campaign.dropId, userId: member! });
    await admitDrop(t.prisma, campaign.dropId);
    as(member!);
    expect(await discounts.claimCouponAction(null, form({ campaignId: campaign.campaignId }))).toMatchObject({ ok: true, sequence: 1 });
    expect(await t.prisma.couponGrant.count({ where: { campaignId: campaign.campaignId } })).toBe(1);
  });
});
