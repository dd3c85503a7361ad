// An owner's changes to one of their listings, as steps. Every statement carries the owner's
// shop in its WHERE clause, so another shop's listing is "not found" — there is no separate
// check that a concurrent request could slip past, and the listing id may come straight from
// a form. Stock changes (receiving, adjusting) are in lib/stock/owner-stock.ts.
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";
import { runStep } from "@/lib/steps/run-step";
import { offerAfterCommit } from "@/lib/waitlist/offer-freed-units";

export interface ListingScope {
  /** The signed-in owner's shop (from the session, never from the form). */
  shopId: string;
  listingId: string;
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
