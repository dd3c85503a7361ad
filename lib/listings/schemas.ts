// What the dashboard's listing forms take. Each action parses its form with one of these,
// once: the price turns from euros into cents on the way, so the lib takes the output and
// never parses again.
import { z } from "zod";
import { checkPicture } from "@/lib/listings/pictures";

export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_STOCK_CHANGE = 100_000;

/** "12", "12.5", "12.50", "1 299,00" -> cents; null when it is not an amount of money. */
export function parsePriceCents(raw: string): number | null {
  const cleaned = raw
    .trim()
    .replace(/[\s\u00a0]/g, "")
    .replace(/^€|€$/g, "")
    .replace(",", ".");
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** A price as typed ("49.90", "49,90", "€49") -> cents. Strings only: a number is ambiguous. */
export const priceSchema = z.string().transform((value, ctx) => {
  const cents = parsePriceCents(value);
  if (cents === null || cents <= 0 || cents > MAX_PRICE_CENTS) {
    ctx.addIssue({ code: "custom", message: "Enter a price such as 49.90 (at most 1,000,000.00)." });
    return z.NEVER;
  }
  return cents;
});

const text = (label: string, max: number) =>
  z.string().trim().min(1, `Please enter the ${label}.`).max(max, `Use at most ${max} characters.`);

export const createListingSchema = z.object({
  brand: text("brand", 60),
  model: text("model", 80),
  variant: z.string().trim().max(60, "Use at most 60 characters.").default(""),
  description: z.string().trim().max(2000, "Use at most 2,000 characters.").default(""),
  price: priceSchema,
  initialStock: z.coerce
    .number({ error: "Enter a whole number of units." })
    .int("Enter a whole number of units.")
    .min(0, "Stock cannot be negative.")
    .max(MAX_STOCK_CHANGE, `At most ${MAX_STOCK_CHANGE.toLocaleString("en")} units at once.`),
});

/**
 * The picture field: an uploaded file (none, or an empty one, means no picture), parsed into
 * the checked bytes. Its type is read from the bytes, never from the upload's claim. Async:
 * parse with safeParseAsync.
 */
export const pictureSchema = z
  .instanceof(File, { message: "Choose a picture file." })
  .nullish()
  .transform(async (file, ctx) => {
    if (!file || file.size === 0) return null;
    const check = checkPicture(new Uint8Array(await file.arrayBuffer()));
    if (!check.ok) {
      ctx.addIssue({ code: "custom", message: check.message });
      return z.NEVER;
    }
    return check.picture;
  });

/** The new-listing form: the listing's fields and its optional picture. */
export const newListingFormSchema = createListingSchema.extend({ picture: pictureSchema });

export type CreateListingData = z.output<typeof createListingSchema>;
export type CreateListingField = keyof z.input<typeof newListingFormSchema>;

// The owner's listing forms carry the listing's id as a hidden field. It is only an id:
// which shop it belongs to is decided by each statement's WHERE clause, from the session.
const listingId = z.uuid("Unknown listing.");

export const receiveStockSchema = z.object({
  listingId,
  quantity: z.coerce
    .number({ error: "Enter a whole number of units." })
    .int("Enter a whole number of units.")
    .min(1, "Receive at least 1 unit.")
    .max(MAX_STOCK_CHANGE, `At most ${MAX_STOCK_CHANGE.toLocaleString("en")} units at once.`),
  note: z.string().trim().max(200, "Use at most 200 characters.").default(""),
});

export const adjustStockSchema = z.object({
  listingId,
  delta: z.coerce
    .number({ error: "Enter a whole number, negative to remove units." })
    .int("Enter a whole number, negative to remove units.")
    .refine((n) => n !== 0, "Enter a change other than 0.")
    .refine((n) => Math.abs(n) <= MAX_STOCK_CHANGE, `At most ${MAX_STOCK_CHANGE.toLocaleString("en")} units at once.`),
  reason: z.string().trim().min(3, "Say why the count changes (e.g. “2 damaged in transit”).").max(200, "Use at most 200 characters."),
});

export const setPriceSchema = z.object({ listingId, price: priceSchema });

export const setActiveSchema = z.object({
  listingId,
  active: z.enum(["true", "false"]).transform((value) => value === "true"),
});
