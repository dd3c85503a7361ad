// Offering freed units to a listing's waitlist, first come first served, never promising more
// than freed up. The promise IS a hold: each offer reserves one unit in the waiter's cart
// through the cart's own functions (prisma/sql/cart_add.sql, cart_set_quantity.sql), and
// an entry turns OFFERED, with a notification, only when that hold was granted. A waiter whose
// reservation is refused leaves nothing behind (each attempt runs behind a savepoint), and the
// first refusal for lack of stock ends the round: the units are gone, so nobody further down
// the list can be promised one, and a unit nobody on the list took stays free for everyone.
//
// Called after the commit of whatever freed units (the owner receiving stock or putting a
// listing back on sale, the hold sweep, order cancellations, a checkout that failed) and by a
// catch-all sweep (app/api/cron/offer-waitlist) that also picks up units freed lazily inside
// the SQL functions.
// Not marked server-only: the hold-expiry sweep imports it, and the demo seed and the e2e server (plain Node scripts) import that.
import { z } from "zod";
import { addToCart, setCartQuantity } from "@/lib/cart/cart-lines";
import { Prisma, type Db, type Tx } from "@/lib/db/prisma";
import { col, sqlRow, sqlRows } from "@/lib/db/rows";
import { env } from "@/lib/env";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";
import { notify } from "@/lib/notifications/outbox";
import { routes } from "@/lib/routes";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";
import { attempt, inTransaction } from "@/lib/steps/run-step";
import type { LineHold } from "@/lib/stock/reserve-hold";
import { backInStockWords } from "@/lib/waitlist/back-in-stock";

export interface OfferOptions {
  /** How long the reserved unit is held (CART_HOLD_TTL, as an add to cart). */
  ttlMs: number;
  /** CUSTOMER_UNITS_PER_LISTING, as an add to cart. */
  maxQuantity: number;
  /** Most waiters served per listing in one transaction, to keep it short; the rest in the next. */
  maxOffersPerTransaction?: number;
}

export function offerOptionsFromEnv(): OfferOptions {
  return { ttlMs: env().CART_HOLD_TTL, maxQuantity: env().CUSTOMER_UNITS_PER_LISTING };
}

export interface OfferTotals {
  /** Listings that had waiters and free units when looked at. */
  listings: number;
  /** Waiters who got a unit reserved (and a notification). */
  offered: number;
  /** Waiters who already held a unit of it themselves: closed against that hold, no unit taken. */
  alreadyHeld: number;
}

const NONE: OfferTotals = { listings: 0, offered: 0, alreadyHeld: 0 };

/**
 * Offers what is free on these listings to their waiters, one short transaction per listing
 * (in id order). Cheap when there is nothing to do: one query finds the listings that have both
 * a waiter and a free unit.
 */
export async function offerFreedUnits(
  db: Db,
  listingIds: readonly string[],
  options: OfferOptions = offerOptionsFromEnv(),
): Promise<OfferTotals> {
  if (listingIds.length === 0) return NONE;
  const candidates = await sqlRows(
    db,
    z.object({ id: col.text }),
    Prisma.sql`
    SELECT s.listing_id::text AS id FROM listing_stock s
     WHERE s.listing_id = ANY(${[...new Set(listingIds)]}::uuid[]) AND s.active AND s.available > 0
       AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.listing_id = s.listing_id AND w.status = 'WAITING')
     ORDER BY s.listing_id`,
  );
  return offerOnListings(
    db,
    candidates.map((row) => row.id),
    options,
  );
}

/** The catch-all: every listing with waiters and free units (at most `limit` of them per call). */
export async function offerWaitingListings(
  db: Db,
  options: OfferOptions & { limit?: number } = offerOptionsFromEnv(),
): Promise<OfferTotals> {
  const candidates = await sqlRows(
    db,
    z.object({ id: col.text }),
    Prisma.sql`
    SELECT s.listing_id::text AS id FROM listing_stock s
     WHERE s.listing_id IN (SELECT DISTINCT listing_id FROM waitlist_entries WHERE status = 'WAITING')
       AND s.active AND s.available > 0
     ORDER BY s.listing_id
     LIMIT ${options.limit ?? 500}`,
  );
  return offerOnListings(
    db,
    candidates.map((row) => row.id),
    options,
  );
}

/**
 * For the paths that free units: offer them once their own transaction has committed, and
 * never fail that path for it (its change is done; the waitlist sweep retries within a
 * minute). No listing ids: every listing with waiters (for sweeps that free units in bulk).
 */
export async function offerAfterCommit(db: Db, listingIds?: readonly string[]): Promise<number> {
  try {
    const totals = listingIds ? await offerFreedUnits(db, listingIds) : await offerWaitingListings(db);
    return totals.offered;
  } catch (error) {
    console.error("[waitlist] offering freed units failed; the offer-waitlist sweep will retry", error);
    return 0;
  }
}

/** offerAfterCommit for the listings of one order whose units just came back (a cancel, a failed checkout). */
export async function offerAfterOrderCommit(db: Db, orderId: string): Promise<number> {
  let listingIds: string[];
  try {
    const items = await sqlRows(
      db,
      z.object({ listing_id: col.text }),
      Prisma.sql`
      SELECT DISTINCT listing_id::text FROM order_items WHERE order_id = ${orderId}::uuid`,
    );
    listingIds = items.map((item) => item.listing_id);
  } catch (error) {
    console.error("[waitlist] reading the order's listings failed; the offer-waitlist sweep will offer its units", error);
    return 0;
  }
  return offerAfterCommit(db, listingIds);
}

async function offerOnListings(db: Db, listingIds: string[], options: OfferOptions): Promise<OfferTotals> {
  const totals = { ...NONE, listings: listingIds.length };
  for (const listingId of listingIds) {
    for (;;) {
      const round = await inTransaction(db, (tx) => offerOnListing(tx, { listingId, ...options }));
      totals.offered += round.offered;
      totals.alreadyHeld += round.alreadyHeld;
      if (!round.more) break;
    }
  }
  return totals;
}

type ListingRound = Ok<{
  offered: number;
  alreadyHeld: number;
  /** Stopped at the cap with waiters left: run another round. */ more: boolean;
}>;

const waiterRow = z.object({ id: col.text, user_id: col.text, created_at: col.time });

/** One listing's round, in the caller's transaction: waiters in join order until a refusal for stock. */
export async function offerOnListing(tx: Tx, input: OfferOptions & { listingId: string }): Promise<ListingRound> {
  // Offerers of one listing take turns (a transaction-scoped advisory lock), rather than
  // splitting the waiters between them with SKIP LOCKED: split, the second offerer could hand
  // a unit to waiter 5 while waiter 1 is still being served, and an offerer that skipped
  // everything would give up while the first, already past its last look at the stock, misses
  // the units this one's trigger just freed. Taking turns, each round starts after the last
  // one committed and sees every unit freed before it was called: strict join order, and no
  // freed unit waits for the sweep. Only offerers take this lock, and each takes one listing's
  // at a time, before any row lock, so it cannot join a deadlock; a round is a few statements
  // per waiter it serves.
  await tx.$executeRaw(Prisma.sql`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended('waitlist:' || ${input.listingId}, 0))`);
  const product = await sqlRow(
    tx,
    z.object({ title: col.text }),
    Prisma.sql`
    SELECT ${PRODUCT_DISPLAY_NAME} AS title FROM listings l JOIN products p ON p.id = l.product_id WHERE l.id = ${input.listingId}::uuid`,
  );
  if (!product) return ok({ offered: 0, alreadyHeld: 0, more: false });

  const cap = input.maxOffersPerTransaction ?? 50;
  let offered = 0;
  let alreadyHeld = 0;
  let after: { createdAt: Date; id: string } | null = null;
  while (offered + alreadyHeld < cap) {
    const batchSize = Math.min(20, cap - offered - alreadyHeld);
    const waiters: z.infer<typeof waiterRow>[] = await sqlRows(
      tx,
      waiterRow,
      Prisma.sql`
      SELECT id::text, user_id::text, created_at FROM waitlist_entries
       WHERE listing_id = ${input.listingId}::uuid AND status = 'WAITING'
         ${after ? Prisma.sql`AND (created_at, id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
       ORDER BY created_at, id
       LIMIT ${batchSize}`,
    );
    for (const waiter of waiters) {
      const result = await attempt(tx, offerToWaiter, {
        ...input,
        entryId: waiter.id,
        userId: waiter.user_id,
        productTitle: product.title,
      });
      if (result.ok) {
        if (result.kind === "reserved") offered += 1;
        else alreadyHeld += 1;
      } else if (result.reason !== "not-waiting") {
        // Sold out again (or the listing went off sale): nobody further down can be served.
        return ok({ offered, alreadyHeld, more: false });
      }
    }
    const last = waiters.at(-1);
    if (!last || waiters.length < batchSize) return ok({ offered, alreadyHeld, more: false });
    after = { createdAt: last.created_at, id: last.id };
  }
  return ok({ offered, alreadyHeld, more: true });
}

interface WaiterInput extends OfferOptions {
  entryId: string;
  userId: string;
  listingId: string;
  /** The product with its variant: "Title (Variant)", for the notification. */
  productTitle: string;
}

type WaiterResult =
  | { ok: true; kind: "reserved" | "already-held"; holdId: string }
  /** No unit could be reserved: the listing is sold out again. */
  | Refusal<"sold-out">
  /** The listing is gone or off sale. */
  | Refusal<"not-found">
  /** The customer left the list meanwhile. */
  | Refusal<"not-waiting">;

const waiterStateRow = z.object({ cart_item_id: col.nullableText, live_hold_id: col.nullableText });

/**
 * Serves one waiter (run behind a savepoint: a refusal undoes the cart line it touched).
 * Lock order as on every cart path: the customer's line, then holds, then the listing row
 * (inside the cart functions); the waitlist entry last.
 */
async function offerToWaiter(tx: Tx, input: WaiterInput): Promise<WaiterResult> {
  // The customer's line for this listing, locked so their own clicks wait for this offer, and
  // any live hold of theirs on the listing (in the cart or in an order awaiting payment).
  const state = (await sqlRow(
    tx,
    waiterStateRow,
    Prisma.sql`
    SELECT (SELECT ci.id::text FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
             WHERE c.user_id = ${input.userId}::uuid AND ci.listing_id = ${input.listingId}::uuid
               FOR UPDATE OF ci) AS cart_item_id,
           (SELECT h.id::text FROM holds h
             WHERE h.user_id = ${input.userId}::uuid AND h.listing_id = ${input.listingId}::uuid AND h.status = 'ACTIVE'
               AND hold_is_live(h.status, h.expires_at)
             ORDER BY h.expires_at DESC LIMIT 1) AS live_hold_id`,
  )) ?? { cart_item_id: null, live_hold_id: null };

  // They hold a unit already (added it themselves once it was back): their wait is over, and
  // taking a second unit would shorten the list for nothing. Closed against that hold, quietly.
  if (state.live_hold_id) {
    if (!(await markOffered(tx, input.entryId, state.live_hold_id))) return refuse("not-waiting");
    return ok({ kind: "already-held" as const, holdId: state.live_hold_id });
  }

  // One unit, through the cart's own functions. A line left unreserved from before it sold
  // out is reserved as one unit (lowered to 1 if it asked for more: the list promises one;
  // the cart offers more when more are free), never raised by one as "add to cart" would.
  const reservation = await reserveOne(tx, input, state.cart_item_id);
  if (!reservation) return refuse("not-found");
  if (!reservation.holdId || !reservation.expiresAt || reservation.held < 1 || reservation.held < reservation.wanted)
    return refuse("sold-out");

  if (!(await markOffered(tx, input.entryId, reservation.holdId))) return refuse("not-waiting");
  const words = backInStockWords(input.productTitle);
  await notify(tx, {
    userId: input.userId,
    kind: "back-in-stock",
    dedupeKey: input.entryId,
    body: `${words.before}${formatClock(reservation.expiresAt)}${words.after}`,
    // The body is the text for mail (in UTC: it cannot know the reader's zone); the app
    // words it from the payload with the time in the reader's own zone (NotificationList).
    payload: {
      listingId: input.listingId,
      productTitle: input.productTitle,
      holdId: reservation.holdId,
      expiresAt: reservation.expiresAt.toISOString(),
      link: routes.cart,
    },
  });
  return ok({ kind: "reserved" as const, holdId: reservation.holdId });
}

async function reserveOne(tx: Tx, input: WaiterInput, cartItemId: string | null): Promise<LineHold | null> {
  const limits = { ttlMs: input.ttlMs, maxQuantity: input.maxQuantity };
  if (cartItemId) {
    const set = await setCartQuantity(tx, { userId: input.userId, cartItemId, quantity: 1, ...limits });
    if (set.ok && "line" in set) return set.line;
  }
  const added = await addToCart(tx, { userId: input.userId, listingId: input.listingId, quantity: 1, ...limits });
  return added.ok ? added.line : null;
}

/** WAITING -> OFFERED with its hold; false when the customer left the list meanwhile. */
async function markOffered(tx: Tx, entryId: string, holdId: string): Promise<boolean> {
  const updated = await tx.$executeRaw(Prisma.sql`
    UPDATE waitlist_entries SET status = 'OFFERED', hold_id = ${holdId}::uuid, offered_at = now()
     WHERE id = ${entryId}::uuid AND status = 'WAITING'`);
  return updated === 1;
}

// The notification is written once, in the same words for the app and for a delivered
// message, so it cannot know the reader's time zone: it says UTC rather than pass the
// server's zone off as theirs (the exact time is in the payload too).
const clock = new Intl.DateTimeFormat("en-IE", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

function formatClock(at: Date): string {
  return `${clock.format(at)} UTC`;
}
