// The drop fields of the owner's new-sale and new-campaign forms ("Run as a drop with a waiting
// room"), shared by both forms and their actions, and the join form's one field.
import { z } from "zod";
import { blankToUndefined, wholeNumber } from "@/lib/validation/window";

export const DROP_DEFAULTS = { lineOpensMinutes: 30, admitPerMinute: 60, admissionMinutes: 10 } as const;

/** What a drop is set to: how long before the start its line opens, how fast and how many it admits, for how long. */
export interface DropSettings {
  opensBeforeMs: number;
  admitPerMinute: number;
  maxAdmitted: number | null;
  admissionSeconds: number;
}

/** The form's drop fields (an object shape: each form merges it into its own). */
export const dropFieldsShape = {
  waitingRoom: z.preprocess((value) => value === "on" || value === "true", z.boolean()),
  lineOpensMinutes: z.preprocess(blankToUndefined, wholeNumber("the minutes before the start", 0, 7 * 24 * 60).optional()),
  admitPerMinute: z.preprocess(blankToUndefined, wholeNumber("the shoppers let in per minute", 1, 100_000).optional()),
  maxAdmitted: z.preprocess(blankToUndefined, wholeNumber("the most shoppers admitted at once", 1, 1_000_000).optional()),
  admissionMinutes: z.preprocess(blankToUndefined, wholeNumber("the minutes a turn lasts", 1, 120).optional()),
};

type DropFields = z.output<z.ZodObject<typeof dropFieldsShape>>;

/** The parsed fields as settings, or null when the owner did not ask for a waiting room. */
export function dropSettingsOf(fields: DropFields): DropSettings | null {
  if (!fields.waitingRoom) return null;
  return {
    opensBeforeMs: (fields.lineOpensMinutes ?? DROP_DEFAULTS.lineOpensMinutes) * 60_000,
    admitPerMinute: fields.admitPerMinute ?? DROP_DEFAULTS.admitPerMinute,
    maxAdmitted: fields.maxAdmitted ?? null,
    admissionSeconds: (fields.admissionMinutes ?? DROP_DEFAULTS.admissionMinutes) * 60,
  };
}

export const dropIdSchema = z.object({ dropId: z.uuid("Unknown drop.") });
