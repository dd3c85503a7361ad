import { beforeAll, describe, expect, it } from "vitest";
import { addToCartAlone } from "@/lib/cart/cart-lines";
import { countCartItems } from "@/lib/cart/summary";
import { createCustomers, createShop, type ShopFixture } from "@/test/support/cart-fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

let t: TestDatabase;
let shop: ShopFixture;

beforeAll(async () => {
  t = await useTestDatabase(2);
  shop = await createShop(t.prisma, "Badge Goods");
});

const add = (userId: string, listingId: string, quantity = 1) => ({ userId, listingId, quantity, ttlMs: HOUR });

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
});
