// The cart badge in the site header: how many units the signed-in customer has in the cart.
import type { Tx } from "@/lib/db/prisma";

export async function countCartItems(tx: Tx, userId: string): Promise<number> {
  const result = await tx.cartItem.aggregate({
    where: { cart: { userId } },
    _sum: { quantity: true },
  });
  return result._sum.quantity ?? 0;
}
