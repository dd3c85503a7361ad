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

export const setQuantitySchema = z.object({
  cartItemId: z.uuid("Unknown cart line."),
  quantity: z.coerce
    .number({ message: "Enter a number." })
    .int("Enter a whole number.")
    .min(0, "At least 0.")
    .max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} per order.`),
});

export const removeLineSchema = z.object({ cartItemId: z.uuid("Unknown cart line.") });

export type AddToCartInput = z.infer<typeof addToCartSchema>;
