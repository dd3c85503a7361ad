// The coupon field of the checkout form, shared by the form and its action. Pure (no crypto, no
// database), so the checkout's schemas can stay importable by the browser's form.
import { z } from "zod";

/** What a customer typed -> the stored form: case, spaces and dashes do not matter; O/I/L read as 0/1/1. */
export function normalizeCouponCode(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(compact)) return null;
  return compact.match(/.{4}/g)!.join("-");
}

/** A code as typed at checkout: empty means no coupon. */
export const couponCodeSchema = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z
    .string()
    .transform((value, ctx) => {
      const code = normalizeCouponCode(value);
      if (!code) {
        ctx.addIssue({ code: "custom", message: "That is not a coupon code (it looks like ABCD-EFGH-JKMN-PQRS)." });
        return z.NEVER;
      }
      return code;
    })
    .optional(),
);
