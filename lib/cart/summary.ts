// The cart badge in the site header: how many units the signed-in customer has in the cart.
// Read on every page a signed-in customer sees, so it is one plain statement rather than the
// query builder's aggregate over a relation filter. Add to cart answers the same count from its
// own statement (cartUnits in lib/cart/cart-lines.ts).
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";

const units = z.object({ units: col.int });

export async function countCartItems(tx: Tx, userId: string): Promise<number> {
  const row = await sqlRow(
    tx,
    units,
    Prisma.sql`
    SELECT COALESCE(SUM(i.quantity), 0)::int AS units
      FROM carts c JOIN cart_items i ON i.cart_id = c.id
     WHERE c.user_id = ${userId}::uuid`,
  );
  return row?.units ?? 0;
}
