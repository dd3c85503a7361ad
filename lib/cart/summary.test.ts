import { beforeAll, describe, expect, it } from "vitest";
import { addToCartAlone, addToCartBatch, runAddToCart, type AddToCartResult } from "@/lib/cart/cart-lines";
import { countCartItems } from "@/lib/cart/summary";
import { createCustomers, createShop, type ShopFixture } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase(4);
  shop = await createShop(t.prisma, "Badge Goods");
});

const add = (userId: string, listingId: string, quantity = 1) => ({ userId, listingId, quantity, ttlMs: HOUR });
const units = (result: AddToCartResult | undefined) => (result?.ok ? result.cartUnits : null);

describe("the cart badge's count", () => {
  it("is every unit of the customer's own lines, reserved or not, and 0 without a cart", async () => {
    const [ann, ben] = await createCustomers(t.prisma, 2, "badge");
    expect(await countCartItems(t.prisma, ann!)).toBe(0);
    const [scarce, plenty] = [await shop.listing(1), await shop.listing(10)];
    await addToCartAlone(t.prisma, add(ann!, plenty, 3));
    // Ben holds the last unit: Ann's line of it is kept, not reserved, and still counts.
    await addToCartAlone(t.prisma, add(ben!, scarce));
    await addToCartAlone(t.prisma, add(ann!, scarce, 2));
    expect(await countCartItems(t.prisma, ann!)).toBe(5);
    expect(await countCartItems(t.prisma, ben!)).toBe(1);
  });

  it("comes with every add to cart, counting the add itself: alone, batched and coalesced", async () => {
    const customers = await createCustomers(t.prisma, 12, "badge-add");
    const [other, plenty] = [await shop.listing(50), await shop.listing(50)];
    for (const userId of customers) await addToCartAlone(t.prisma, add(userId, other, 2));

    expect(units(await addToCartAlone(t.prisma, add(customers[0]!, plenty, 3)))).toBe(5);
    const batch = await addToCartBatch(t.prisma, [add(customers[1]!, plenty, 1), add(customers[2]!, plenty, 4)]);
    expect(batch.map(units)).toEqual([3, 6]);
    const crowd = customers.slice(3);
    const coalesced = await Promise.all(crowd.map((userId) => runAddToCart(t.prisma, add(userId, plenty, 1))));
    expect(coalesced.map(units)).toEqual(crowd.map(() => 3));
    for (const [i, userId] of customers.entries()) expect(await countCartItems(t.prisma, userId)).toBe([5, 3, 6][i] ?? 3);
  });
});
