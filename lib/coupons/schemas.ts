// The owner's "new coupon campaign" form and the campaign id of the claim and end forms,
// parsed once by their actions. Whether the scoped listing belongs to the shop is checked by the create
// statement (it depends on the database).
import { z } from "zod";
import { dropFieldsShape, dropSettingsOf } from "@/lib/drops/schemas";
import { priceSchema } from "@/lib/listings/schemas";
import { blankToUndefined, checkWindow, instantSchema, wholeNumber } from "@/lib/validation/window";

export const MAX_COUPONS = 1_000_000;

export const createCampaignSchema = z
  .object({
    name: z.string().trim().min(3, "Give the campaign a name customers will see (3+ characters).").max(80, "Use at most 80 characters."),
    kind: z.enum(["percent", "amount"], { error: "Choose a percentage or an amount off." }),
    percent: z.preprocess(blankToUndefined, wholeNumber("the percentage", 1, 100).optional()),
    amountOff: z.preprocess(blankToUndefined, priceSchema.optional()),
    limit: wholeNumber("the number of coupons", 1, MAX_COUPONS),
    listingId: z.preprocess(blankToUndefined, z.uuid("Choose one of your listings, or the whole shop.").optional()),
    minOrder: z.preprocess(blankToUndefined, priceSchema.optional()),
    startsAt: instantSchema("start"),
    endsAt: instantSchema("end"),
    ...dropFieldsShape,
  })
  .superRefine((value, ctx) => {
    if (value.kind === "percent" && value.percent === undefined)
      ctx.addIssue({ code: "custom", path: ["percent"], message: "Enter the percentage off." });
    if (value.kind === "amount" && value.amountOff === undefined)
      ctx.addIssue({ code: "custom", path: ["amountOff"], message: "Enter the amount off." });
    checkWindow(value, ctx);
  })
  .transform(({ name, kind, percent, amountOff, limit, listingId, minOrder, startsAt, endsAt, ...drop }) => ({
    name,
    limit,
    listingId: listingId ?? null,
    minOrderCents: minOrder ?? 0,
    startsAt,
    endsAt,
    discountPercent: kind === "percent" ? percent! : null,
    amountOffCents: kind === "amount" ? amountOff! : null,
    drop: dropSettingsOf(drop),
  }));

export type CreateCampaignData = z.output<typeof createCampaignSchema>;
export type CreateCampaignField = keyof z.input<typeof createCampaignSchema>;

export const campaignIdSchema = z.object({ campaignId: z.uuid("Unknown campaign.") });

// The coupon field of the checkout form, shared by the form and its action. Pure (no crypto, no
// database), so the checkout's schemas can stay importable by the browser's form.

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
