// The owner's refund form, shared by the form (field names) and its action (parsed once).
import { z } from "zod";

/** The field of an order line's quantity to refund: `line:<order item id>`. */
export const refundLineField = (orderItemId: string) => `line:${orderItemId}`;

const quantity = z.coerce
  .number({ error: "Enter a number of units." })
  .int("Enter a whole number of units.")
  .min(0, "Enter 0 or more units.")
  .max(100_000, "That is more units than the line has.");

export const refundSchema = z.object({
  orderId: z.uuid("Unknown order."),
  /** Generated for each render of the form: one refund per submission. */
  idempotencyKey: z.uuid("This form has expired. Please reload the page."),
  /** Units per order line; 0 leaves a line alone. */
  lines: z.record(z.uuid(), quantity),
  /** A checkbox: the units go back on sale. */
  restock: z
    .string()
    .optional()
    .transform((value) => value === "on"),
  reason: z
    .string()
    .trim()
    .max(200, "Use at most 200 characters.")
    .optional()
    .transform((value) => value || null),
});

export type RefundField = keyof z.input<typeof refundSchema>;

/** The form's raw input: its text fields, with the lines' quantities gathered under `lines`. */
export function refundFormInput(fields: Record<string, string>): Record<string, unknown> {
  const lines: Record<string, string> = {};
  const rest: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith("line:")) lines[key.slice("line:".length)] = value;
    else rest[key] = value;
  }
  return { ...rest, lines };
}
