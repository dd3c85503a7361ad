// An owner's changes to one of their listings. Every statement carries the owner's shop in
// its WHERE clause, so another shop's listing is "not found" — there is no separate check
// that a concurrent request could slip past. Stock changes go through lib/inventory, which
// writes the ledger row in the same statement as the counter (I1, I2).
import { adjustStock, receiveStock, type StockLevels } from "../inventory/movements";
import { Prisma, type Tx } from "../prisma";

export interface OwnerScope {
  shopId: string;
  listingId: string;
  /** The owner acting, recorded on ledger rows. */
  actorId: string;
}

export type StockChangeResult =
  | { ok: true; levels: StockLevels }
  | { ok: false; reason: "not-found" | "below-reserved"; message: string };

const NOT_FOUND = "This listing is not in your shop.";

export async function receiveListingStock(tx: Tx, scope: OwnerScope, quantity: number, note = ""): Promise<StockChangeResult> {
  const levels = await receiveStock(tx, {
    listingId: scope.listingId,
    shopId: scope.shopId,
    quantity,
    actorId: scope.actorId,
    reason: note || null,
  });
  return levels ? { ok: true, levels } : { ok: false, reason: "not-found", message: NOT_FOUND };
}

export async function adjustListingStock(tx: Tx, scope: OwnerScope, delta: number, reason: string): Promise<StockChangeResult> {
  const result = await adjustStock(tx, { listingId: scope.listingId, shopId: scope.shopId, delta, reason, actorId: scope.actorId });
  if (result.ok) return result;
  if (result.reason === "not-found") return { ok: false, reason: "not-found", message: NOT_FOUND };
  const available = (result.onHand ?? 0) - (result.reserved ?? 0);
  return {
    ok: false,
    reason: "below-reserved",
    message: `Customers hold ${result.reserved ?? 0} of the ${result.onHand ?? 0} units on hand: you can remove at most ${available}.`,
  };
}

export type ListingUpdateResult = { ok: true } | { ok: false; reason: "not-found"; message: string };

/**
 * Takes a listing off the catalogue (or puts it back). Units already held in carts stay
 * held: a deactivated listing only stops new reservations.
 */
export async function setListingActive(tx: Tx, scope: Omit<OwnerScope, "actorId">, active: boolean): Promise<ListingUpdateResult> {
  const updated = await tx.$executeRaw(Prisma.sql`
    UPDATE listings SET active = ${active}, updated_at = now()
     WHERE id = ${scope.listingId}::uuid AND shop_id = ${scope.shopId}::uuid`);
  return updated === 1 ? { ok: true } : { ok: false, reason: "not-found", message: NOT_FOUND };
}

/** A new price applies to carts priced from now on; orders keep the price they were placed at. */
export async function setListingPrice(tx: Tx, scope: Omit<OwnerScope, "actorId">, priceCents: number): Promise<ListingUpdateResult> {
  if (!Number.isSafeInteger(priceCents) || priceCents <= 0) throw new RangeError("price must be a positive number of cents");
  const updated = await tx.$executeRaw(Prisma.sql`
    UPDATE listings SET price_cents = ${priceCents}, updated_at = now()
     WHERE id = ${scope.listingId}::uuid AND shop_id = ${scope.shopId}::uuid`);
  return updated === 1 ? { ok: true } : { ok: false, reason: "not-found", message: NOT_FOUND };
}
