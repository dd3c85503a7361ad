// Form schemas shared by the cart forms (client) and their server actions.
import { z } from "zod";

/** Per line; a customer who wants more writes to the shop. Keeps one cart from draining stock. */
export const MAX_LINE_QUANTITY = 10;

const quantity = z.coerce
  .number({ message: "Enter a number." })
  .int("Enter a whole number.")
  .min(1, "At least 1.")
  .max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} per order.`);

export const addToCartSchema = z.object({
  listingId: z.uuid("Unknown listing."),
  quantity: quantity.default(1),
});

// z.coerce.number() reads "" (a cleared box) as 0, which would remove the line and free its
// hold: an empty box is a field error instead. Removing stays explicit (Remove, or typing 0).
const EMPTY = "Enter a quantity (0 removes the line).";

export const setQuantitySchema = z.object({
  cartItemId: z.uuid("Unknown cart line."),
  quantity: z
    .union([z.number(), z.string().trim().min(1, EMPTY)], { error: EMPTY })
    .pipe(
      z.coerce
        .number<string | number>({ message: "Enter a number." })
        .int("Enter a whole number.")
        .min(0, "At least 0.")
        .max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} per order.`),
    ),
});

/** One cart line, by id: removing it, or reserving it again. */
export const cartLineSchema = z.object({ cartItemId: z.uuid("Unknown cart line.") });
