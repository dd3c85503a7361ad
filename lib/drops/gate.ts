// The drop line's gate (I12), as the TypeScript side sees it. The rule is SQL, one place:
// drop_gate (prisma/sql/drop_gate.sql) for a listing, drop_gate_campaign for a campaign. The
// cart functions and the coupon claim call it inside their own statement, so an admission
// cannot end between the check and the write; the checkout calls checkDropGate below.
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";

export const DROP_GATE_REASONS = ["drop-join-line", "drop-wait-turn", "drop-turn-ended"] as const;

/** Why a drop's line refused: not in the line, not admitted yet, or the admission is over. */
export type DropGateReason = (typeof DROP_GATE_REASONS)[number];

export const dropGateReason = z.enum(DROP_GATE_REASONS);

/** The gate a cart function answered with (null: passed), checked against the known reasons. */
export function parseGate(gate: string | null): DropGateReason | null {
  return gate === null ? null : dropGateReason.parse(gate);
}

export interface GatedLine {
  listingId: string;
  /** The product with its variant: "Title (Variant)". */
  productTitle: string;
  gate: DropGateReason;
}

export type DropGateCheck = Ok | Refusal<DropGateReason, { lines: GatedLine[] }>;

const gateRow = z.object({ listing_id: col.text, title: col.text, gate: dropGateReason });

/**
 * Whether the customer may take units of these listings now (checkout, paying an order again):
 * every listing under a running drop needs a live admission. The first refusal's reason, with
 * every line the line refused.
 */
export async function checkDropGate(tx: Tx, input: { userId: string; listingIds: readonly string[] }): Promise<DropGateCheck> {
  if (input.listingIds.length === 0) return ok();
  const rows = await sqlRows(
    tx,
    gateRow,
    Prisma.sql`
    SELECT g.listing_id::text, ${PRODUCT_DISPLAY_NAME} AS title, g.gate
      FROM (SELECT id AS listing_id, drop_gate(${input.userId}::uuid, id) AS gate
              FROM unnest(${[...new Set(input.listingIds)]}::uuid[]) AS id) g
      JOIN listings l ON l.id = g.listing_id JOIN products p ON p.id = l.product_id
     WHERE g.gate IS NOT NULL
     ORDER BY g.listing_id`,
  );
  const first = rows[0];
  if (!first) return ok();
  return refuse(first.gate, { lines: rows.map((row) => ({ listingId: row.listing_id, productTitle: row.title, gate: row.gate })) });
}
