import { describe, expect, it } from "vitest";
import { z } from "zod";
import { addToCartSchema, setQuantitySchema } from "@/lib/cart/schemas";

const line = "3f1c2a8e-8d5b-4c1e-9f0a-2b7d6e5c4a31";

function quantityError(raw: unknown): string[] | undefined {
  const parsed = setQuantitySchema.safeParse({ cartItemId: line, quantity: raw });
  return parsed.success ? undefined : z.flattenError(parsed.error).fieldErrors.quantity;
}

describe("a cleared quantity box never removes the line", () => {
  it.each(["", " ", "\t"])("%j is a field error, not 0", (raw) => {
    expect(quantityError(raw)).toEqual(["Enter a quantity (0 removes the line)."]);
  });

  it("a missing quantity is a field error too", () => {
    expect(setQuantitySchema.safeParse({ cartItemId: line }).success).toBe(false);
  });

  it("an explicit 0 still removes, numbers still parse, junk is refused", () => {
    expect(setQuantitySchema.parse({ cartItemId: line, quantity: "0" }).quantity).toBe(0);
    expect(setQuantitySchema.parse({ cartItemId: line, quantity: " 3 " }).quantity).toBe(3);
    expect(quantityError("abc")).toEqual(["Enter a number."]);
    expect(quantityError("2.5")).toEqual(["Enter a whole number."]);
    expect(quantityError("11")).toBeDefined();
    expect(quantityError("-1")).toBeDefined();
  });

  it("add to cart still defaults to 1 and refuses an empty box", () => {
    expect(addToCartSchema.parse({ listingId: line }).quantity).toBe(1);
    expect(addToCartSchema.safeParse({ listingId: line, quantity: "" }).success).toBe(false);
  });
});
