// The validity window shared by the flash-sale and coupon-campaign forms. The browser turns
// its datetime-local fields into ISO instants with the customer's own offset before sending
// (components/discounts/window-fields.tsx), so the server never guesses a time zone.
import { z } from "zod";

const MAX_WINDOW_DAYS = 366;

export const instantSchema = (label: string) =>
  z
    .string({ error: `Choose the ${label}.` })
    .trim()
    .min(1, `Choose the ${label}.`)
    .pipe(z.iso.datetime({ offset: true, error: `Choose the ${label}.` }))
    .transform((value) => new Date(value));

/** Adds "ends after it starts" and "not longer than a year" to an object with startsAt and endsAt. */
export function checkWindow(value: { startsAt: Date; endsAt: Date }, ctx: z.RefinementCtx): void {
  // Object refinements run even when a field failed to parse (zod 4): compare real dates only.
  if (!((value.startsAt as unknown) instanceof Date) || !((value.endsAt as unknown) instanceof Date)) return;
  if (value.endsAt <= value.startsAt) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must come after the start." });
  } else if (value.endsAt.getTime() - value.startsAt.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: `Keep it under ${MAX_WINDOW_DAYS} days.` });
  }
}

export const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter ${label} as a whole number.` })
    .int(`Enter ${label} as a whole number.`)
    .min(min, `At least ${min.toLocaleString("en")}.`)
    .max(max, `At most ${max.toLocaleString("en")}.`);

/** An empty optional field arrives as "": treat it as absent. */
export const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
