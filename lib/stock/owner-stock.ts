// An owner's stock changes to one of their listings: receiving goods and adjusting counts,
// scoped by the owner's shop in SQL (another shop's listing is "not found"). Each is one
// statement that moves the counter and writes the ledger row (lib/stock/movements.ts, I1, I2);
// run on their own, units that came in are offered to the listing's waitlist once committed.
import type { Db, Tx } from "@/lib/db/prisma";
import type { ListingScope } from "@/lib/listings/manage-listing";
import { runStep } from "@/lib/steps/run-step";
import { adjustStock, receiveStock, type AdjustStockResult, type ReceiveStockResult } from "@/lib/stock/movements";
import { offerAfterCommit } from "@/lib/waitlist/offer-freed-units";

export interface OwnerScope extends ListingScope {
  /** The owner acting, recorded on ledger rows. */
  actorId: string;
}

export interface ReceiveListingStock extends OwnerScope {
  quantity: number;
  note?: string;
}

export function receiveListingStock(tx: Tx, input: ReceiveListingStock): Promise<ReceiveStockResult> {
  const { shopId, listingId, actorId, quantity, note } = input;
  return receiveStock(tx, { shopId, listingId, actorId, quantity, reason: note || null });
}

/**
 * Receiving on its own, as the owner's action runs it: once the stock change has committed, the
 * new units go to the listing's waitlist, first come first served (lib/waitlist).
 */
export async function runReceiveListingStock(db: Db, input: ReceiveListingStock): Promise<ReceiveStockResult> {
  const received = await runStep(db, receiveListingStock, input);
  if (received.ok) await offerAfterCommit(db, [input.listingId]);
  return received;
}

export interface AdjustListingStock extends OwnerScope {
  delta: number;
  reason: string;
}

/** Frees the listing's lapsed holds first (see adjustStock): run it in a transaction. */
export function adjustListingStock(tx: Tx, input: AdjustListingStock): Promise<AdjustStockResult> {
  const { shopId, listingId, actorId, delta, reason } = input;
  return adjustStock(tx, { shopId, listingId, actorId, delta, reason });
}

/** An adjustment on its own (the owner's action); units found go to the waitlist like received ones. */
export async function runAdjustListingStock(db: Db, input: AdjustListingStock): Promise<AdjustStockResult> {
  const adjusted = await runStep(db, adjustListingStock, input);
  if (adjusted.ok && input.delta > 0) await offerAfterCommit(db, [input.listingId]);
  return adjusted;
}
