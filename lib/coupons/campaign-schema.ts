// The owner's "new coupon campaign" form and the campaign id of the claim and end forms,
// parsed once by their actions. Whether the scoped listing belongs to the shop is checked by the create
// statement (it depends on the database).
import { z } from "zod";
import { priceSchema } from "../listings/listing-schema";
import { blankToUndefined, checkWindow, instantSchema, wholeNumber } from "../flash-sales/window-schema";

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
  })
  .superRefine((value, ctx) => {
    if (value.kind === "percent" && value.percent === undefined) ctx.addIssue({ code: "custom", path: ["percent"], message: "Enter the percentage off." });
    if (value.kind === "amount" && value.amountOff === undefined) ctx.addIssue({ code: "custom", path: ["amountOff"], message: "Enter the amount off." });
    checkWindow(value, ctx);
  })
  .transform(({ name, kind, percent, amountOff, limit, listingId, minOrder, startsAt, endsAt }) => ({
    name,
    limit,
    listingId: listingId ?? null,
    minOrderCents: minOrder ?? 0,
    startsAt,
    endsAt,
    discountPercent: kind === "percent" ? percent! : null,
    amountOffCents: kind === "amount" ? amountOff! : null,
  }));

export type CreateCampaignData = z.output<typeof createCampaignSchema>;
export type CreateCampaignField = keyof z.input<typeof createCampaignSchema>;

export const campaignIdSchema = z.object({ campaignId: z.uuid("Unknown campaign.") });
