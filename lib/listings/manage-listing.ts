// An owner's changes to one of their listings, as steps. Every statement carries the owner's
// shop in its WHERE clause, so another shop's listing is "not found" — there is no separate
// check that a concurrent request could slip past, and the listing id may come straight from
// a form. Stock changes go through lib/inventory, which writes the ledger row in the same
// statement as the counter (I1, I2).
import { adjustStock, receiveStock, type AdjustStockResult, type ReceiveStockResult } from "../inventory/movements";
import { Prisma, type Db, type Tx } from "../prisma";
import { ok, refuse, type Ok, type Refusal } from "../steps/result";
import { runStep } from "../steps/run-step";
import { offerAfterCommit } from "../waitlist/offer-freed-units";

export interface ListingScope {
  /** The signed-in owner's shop (from the session, never from the form). */
  shopId: string;
  listingId: string;
}

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

export type ListingUpdateResult = Ok | Refusal<"not-found">;

/**
 * Takes a listing off the catalogue (or puts it back). Units already held in carts stay
 * held: a deactivated listing only stops new reservations.
 */
export async function setListingActive(tx: Tx, input: ListingScope & { active: boolean }): Promise<ListingUpdateResult> {
  const updated = await tx.$executeRaw(Prisma.sql`
    UPDATE listings SET active = ${input.active}, updated_at = now()
     WHERE id = ${input.listingId}::uuid AND shop_id = ${input.shopId}::uuid`);
  return updated === 1 ? ok() : refuse("not-found");
}

/** Putting a listing back on sale offers its free units to the waitlist, as received stock does. */
export async function runSetListingActive(db: Db, input: ListingScope & { active: boolean }): Promise<ListingUpdateResult> {
  const updated = await runStep(db, setListingActive, input);
  if (updated.ok && input.active) await offerAfterCommit(db, [input.listingId]);
  return updated;
}

/** A new price applies to carts priced from now on; orders keep the price they were placed at. */
export async function setListingPrice(tx: Tx, input: ListingScope & { priceCents: number }): Promise<ListingUpdateResult> {
  if (!Number.isSafeInteger(input.priceCents) || input.priceCents <= 0) throw new RangeError("price must be a positive number of cents");
  const updated = await tx.$executeRaw(Prisma.sql`
    UPDATE listings SET price_cents = ${input.priceCents}, updated_at = now()
     WHERE id = ${input.listingId}::uuid AND shop_id = ${input.shopId}::uuid`);
  return updated === 1 ? ok() : refuse("not-found");
}
