// The owner's "new flash sale" form, parsed once by the action: a listing of the shop, a sale
// price or a percentage, K discounted slots and a window. K against the stock and overlaps with
// other sales are checked by the create statement itself (they depend on the database). The
// drop fields (a waiting room in front of the start) are lib/drops/schemas.ts's.
import { z } from "zod";
import { dropFieldsShape, dropSettingsOf } from "@/lib/drops/schemas";
import type { SaleDiscount } from "@/lib/flash-sales/sale-terms";
import { priceSchema } from "@/lib/listings/schemas";
import { blankToUndefined, checkWindow, instantSchema, wholeNumber } from "@/lib/validation/window";

export const MAX_SLOTS = 100_000;

export const createFlashSaleSchema = z
  .object({
    listingId: z.uuid("Choose one of your listings."),
    kind: z.enum(["percent", "price"], { error: "Choose a percentage or a sale price." }),
    percent: z.preprocess(blankToUndefined, wholeNumber("the percentage", 1, 99).optional()),
    salePrice: z.preprocess(blankToUndefined, priceSchema.optional()),
    slots: wholeNumber("the number of discounted units", 1, MAX_SLOTS),
    startsAt: instantSchema("start"),
    endsAt: instantSchema("end"),
    ...dropFieldsShape,
  })
  .superRefine((value, ctx) => {
    if (value.kind === "percent" && value.percent === undefined)
      ctx.addIssue({ code: "custom", path: ["percent"], message: "Enter the percentage off." });
    if (value.kind === "price" && value.salePrice === undefined)
      ctx.addIssue({ code: "custom", path: ["salePrice"], message: "Enter the sale price." });
    checkWindow(value, ctx);
  })
  .transform(({ listingId, kind, percent, salePrice, slots, startsAt, endsAt, ...drop }) => ({
    listingId,
    slots,
    startsAt,
    endsAt,
    discount: (kind === "percent" ? { kind, percent: percent! } : { kind, salePriceCents: salePrice! }) as SaleDiscount,
    drop: dropSettingsOf(drop),
  }));

export type CreateFlashSaleData = z.output<typeof createFlashSaleSchema>;
export type CreateFlashSaleField = keyof z.input<typeof createFlashSaleSchema>;

export const endFlashSaleSchema = z.object({ saleId: z.uuid("Unknown sale.") });
