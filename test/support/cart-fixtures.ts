// Test data for the cart, hold and order races: a shop with listings received through the
// ledger, and customers claimed like real sign-ups (fixtures.ts), so the audit stays clean.
import { randomUUID } from "node:crypto";
import { addToCart } from "@/lib/cart/cart-lines";
import { productIdentityKey } from "@/lib/catalogue/identity";
import type { Db } from "@/lib/db/prisma";
import { placeOrder } from "@/lib/orders/place-order";
import { runStep } from "@/lib/steps/run-step";
import { receiveStock } from "@/lib/stock/movements";
import { createTestUsers } from "@/test/support/fixtures";
import { HOUR } from "@/test/support/time";

export interface ShopFixture {
  ownerId: string;
  shopId: string;
  /** Creates a listing with `stock` units received through the ledger (a product of its own, of `variant` when given). */
  listing(stock: number, options?: { priceCents?: number; title?: string; variant?: string }): Promise<string>;
}

export async function createShop(prisma: Db, name = "Race Goods"): Promise<ShopFixture> {
  const tag = randomUUID().slice(0, 8);
  const [ownerId] = await createTestUsers(prisma, 1, `${name} owner`);
  if (!ownerId) throw new Error("owner fixture");
  const shop = await prisma.shop.create({ data: { slug: `shop-${tag}`, name, ownerId } });
  return {
    ownerId,
    shopId: shop.id,
    async listing(stock, options = {}) {
      const id = randomUUID().slice(0, 8);
      const product = await prisma.product.create({
        data: {
          slug: `item-${id}`,
          identityKey: productIdentityKey("Race", `Item ${id}`, options.variant),
          brand: "Race",
          model: `Item ${id}`,
          variant: options.variant,
          title: options.title ?? `Race item ${id}`,
        },
      });
      const listing = await prisma.listing.create({
        data: { shopId: shop.id, productId: product.id, priceCents: options.priceCents ?? 2500 },
      });
      if (stock > 0) {
        const received = await receiveStock(prisma, { listingId: listing.id, quantity: stock, reason: "test stock" });
        if (!received.ok) throw new Error(`test stock: ${received.reason}`);
      }
      return listing.id;
    },
  };
}

/** `count` customers with distinct contacts; returns their ids in creation order. */
export function createCustomers(prisma: Db, count: number, prefix = "buyer"): Promise<string[]> {
  return createTestUsers(prisma, count, prefix);
}

export async function listingLevels(prisma: Db, listingId: string) {
  const listing = await prisma.listing.findUniqueOrThrow({ where: { id: listingId }, select: { onHand: true, reserved: true } });
  return listing;
}

/**
 * Puts these lines ([listingId, quantity]) in the customer's cart and places the order, with
 * the default 24-hour payment deadline (age it with makeOverdue when a test needs it overdue).
 */
export async function placeOrderFor(prisma: Db, userId: string, lines: [string, number][]): Promise<string> {
  for (const [listingId, quantity] of lines) await runStep(prisma, addToCart, { userId, listingId, quantity, ttlMs: HOUR });
  const placed = await runStep(prisma, placeOrder, {
    userId,
    idempotencyKey: randomUUID(),
    continueWithoutSoldOut: false,
    cartTtlMs: HOUR,
    paymentTtlMs: 24 * HOUR,
  });
  if (!placed.ok) throw new Error(`order refused: ${placed.reason}`);
  return placed.orderId;
}
