import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkoutSchema } from "@/lib/orders/schemas";

const form = (postalCode: string, country: string) => ({
  idempotencyKey: randomUUID(),
  contactEmail: "buyer@example.test",
  name: "Buyer",
  street: "Street 1",
  city: "Somewhere",
  postalCode,
  country,
  paymentMethod: "pm_card_visa",
});

const postalCodeProblem = (postalCode: string, country: string) => {
  const parsed = checkoutSchema.safeParse(form(postalCode, country));
  return parsed.success ? null : parsed.error.issues.find((issue) => issue.path[0] === "postalCode")?.message;
};

describe("the checkout's postal code", () => {
  it("takes each country's own format, in any case, and keeps it upper-cased", () => {
    for (const [code, country] of [
      ["00100", "FI"],
      ["sw1a 1aa", "GB"],
      ["1012 AB", "NL"],
      ["00-950", "PL"],
      ["111 22", "SE"],
      ["D02 X285", "IE"],
    ] as const) {
      expect(postalCodeProblem(code, country)).toBeNull();
    }
    expect(checkoutSchema.parse(form("sw1a 1aa", "GB")).shippingAddress.postalCode).toBe("SW1A 1AA");
  });

  it("refuses a code that is not one of the country's, saying what one looks like", () => {
    expect(postalCodeProblem("abc", "FI")).toBe("Enter a postal code such as 00100 (Finland).");
    expect(postalCodeProblem("1012", "NL")).toBe("Enter a postal code such as 1012 AB (Netherlands).");
    expect(postalCodeProblem("00100", "GB")).toBe("Enter a postal code such as SW1A 1AA (United Kingdom).");
  });
});
