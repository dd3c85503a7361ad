// How a listing's product is named wherever a customer or an owner picks it out of others:
// the title with its variant, "Kestrel Runner 9 Running Shoe (Chalk)", or the title alone when
// the product has no variant. Two variants of one product share a title, so the title alone
// would name two different lines in a cart, an order or a notification the same way.
import { Prisma } from "@/lib/db/prisma";

/** SQL: the display name of the product joined as `p` (products p). */
export const PRODUCT_DISPLAY_NAME = Prisma.sql`(p.title || CASE WHEN p.variant <> '' THEN ' (' || p.variant || ')' ELSE '' END)`;
