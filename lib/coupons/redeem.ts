// Using a coupon (I5): the checkout saga's DISCOUNTS step redeems it for the order exactly
// once, its compensation gives it back to the same customer (never to the pool), and the
// checkout form previews it on the cart first.
import "server-only";
import { z } from "zod";
import { applyCouponTerms, type CampaignTerms, type DueLine } from "@/lib/coupons/coupon-terms";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow, sqlRows } from "@/lib/db/rows";
import { ok, refuse, type Refusal } from "@/lib/steps/result";

export type CouponRefusalReason = "unknown-code" | "already-used" | "not-started" | "expired";

export type CouponCheck =
  | {
      ok: true;
      grantId: string;
      campaignId: string;
      campaignName: string;
      sequence: number;
      discountCents: number;
      lines: { id: string; discountCents: number }[];
    }
  | Refusal<CouponRefusalReason | "not-in-scope">
  | Refusal<"below-minimum", { minOrderCents: number; scopeCents: number }>;

const grantRow = z.object({
  id: col.text,
  campaign_id: col.text,
  name: col.text,
  sequence: col.int,
  order_id: col.nullableText,
  started: col.bool,
  expired: col.bool,
  discount_percent: col.nullableInt,
  amount_off_cents: col.nullableInt,
  min_order_cents: col.int,
  shop_id: col.text,
  listing_id: col.nullableText,
});
type GrantRow = z.infer<typeof grantRow>;

const dueRow = z.object({ id: col.text, due: col.int, in_scope: col.bool });

/**
 * The customer's own grant with this code (locked for the rest of the transaction when redeeming). A code that
 * is someone else's reads as unknown: coupons are personal (one per customer is the point).
 */
async function findGrant(tx: Tx, userId: string, code: string, lock: boolean): Promise<GrantRow | null> {
  return sqlRow(
    tx,
    grantRow,
    Prisma.sql`
    SELECT g.id::text, g.campaign_id::text, c.name, g.sequence, g.order_id::text, c.starts_at <= now() AS started,
           (c.ends_at IS NOT NULL AND c.ends_at <= now()) AS expired,
           c.discount_percent, c.amount_off_cents, c.min_order_cents, c.shop_id::text, c.listing_id::text
      FROM coupon_grants g JOIN coupon_campaigns c ON c.id = g.campaign_id
     WHERE g.code = ${code} AND g.user_id = ${userId}::uuid
       ${lock ? Prisma.sql`FOR NO KEY UPDATE OF g` : Prisma.empty}`,
  );
}

function check(grant: GrantRow | null, lines: DueLine[], orderId: string | null): CouponCheck {
  if (!grant) return refuse("unknown-code");
  if (grant.order_id && grant.order_id !== orderId) return refuse("already-used");
  if (!grant.started) return refuse("not-started");
  if (grant.expired) return refuse("expired");
  const terms: CampaignTerms = {
    discountPercent: grant.discount_percent,
    amountOffCents: grant.amount_off_cents,
    minOrderCents: grant.min_order_cents,
  };
  const applied = applyCouponTerms(terms, lines);
  if (!applied.ok) return applied;
  return ok({
    grantId: grant.id,
    campaignId: grant.campaign_id,
    campaignName: grant.name,
    sequence: grant.sequence,
    discountCents: applied.discountCents,
    lines: applied.lines,
  });
}

/** The order's lines as the coupon sees them: what each still costs after sale prices, and whether it is in scope. */
async function orderLines(tx: Tx, orderId: string, grant: GrantRow): Promise<DueLine[]> {
  const rows = await sqlRows(
    tx,
    dueRow,
    Prisma.sql`
    SELECT oi.id::text, (oi.quantity * oi.unit_price_cents - oi.discount_cents)::int AS due,
           CASE WHEN ${grant.listing_id}::uuid IS NULL THEN l.shop_id = ${grant.shop_id}::uuid ELSE l.id = ${grant.listing_id}::uuid END AS in_scope
      FROM order_items oi JOIN listings l ON l.id = oi.listing_id
     WHERE oi.order_id = ${orderId}::uuid`,
  );
  return rows.map((row) => ({ id: row.id, dueCents: row.due, inScope: row.in_scope }));
}

/**
 * DISCOUNTS: redeems the customer's coupon for the order, once. The grant is taken only while
 * it belongs to no order (guarded UPDATE, on the row locked above), and its discount is spread
 * over the in-scope lines in the same transaction. A coupon that does not apply leaves the
 * order at its price and says why (the checkout form checked it moments before, so this is a
 * coupon used meanwhile by the same customer's other checkout, or one that just expired).
 */
export async function redeemCoupon(tx: Tx, input: { orderId: string; userId: string; code: string }): Promise<CouponCheck> {
  const grant = await findGrant(tx, input.userId, input.code, true);
  const checked = check(grant, grant ? await orderLines(tx, input.orderId, grant) : [], input.orderId);
  if (!checked.ok) return checked;
  const taken = await tx.$executeRaw(Prisma.sql`
    UPDATE coupon_grants SET order_id = ${input.orderId}::uuid, redeemed_at = now(), discount_cents = ${checked.discountCents}
     WHERE id = ${checked.grantId}::uuid AND order_id IS NULL`);
  if (taken !== 1) return refuse("already-used");
  await tx.$executeRaw(Prisma.sql`
    UPDATE order_items oi SET discount_cents = oi.discount_cents + d.cents
      FROM unnest(${checked.lines.map((line) => line.id)}::uuid[], ${checked.lines.map((line) => line.discountCents)}::int[]) AS d(id, cents)
     WHERE oi.id = d.id AND oi.order_id = ${input.orderId}::uuid`);
  return checked;
}

/** The checkout failed: the coupon is the same customer's again, unused, ready for the next checkout. */
export async function releaseCoupons(tx: Tx, orderId: string): Promise<number> {
  return tx.$executeRaw(Prisma.sql`
    UPDATE coupon_grants SET order_id = NULL, redeemed_at = NULL, discount_cents = 0
     WHERE order_id = ${orderId}::uuid
       AND EXISTS (SELECT 1 FROM orders o WHERE o.id = ${orderId}::uuid AND o.status <> 'PAID')`);
}

/**
 * The checkout form's check, on the customer's cart at list prices (a flash-sale slot is only
 * known once the checkout claims it, and can only lower the price). Read-only.
 */
export async function previewCoupon(tx: Tx, input: { userId: string; code: string }): Promise<CouponCheck> {
  const grant = await findGrant(tx, input.userId, input.code, false);
  if (!grant) return refuse("unknown-code");
  const rows = await sqlRows(
    tx,
    dueRow,
    Prisma.sql`
    SELECT ci.id::text, (ci.quantity * l.price_cents)::int AS due,
           CASE WHEN ${grant.listing_id}::uuid IS NULL THEN l.shop_id = ${grant.shop_id}::uuid ELSE l.id = ${grant.listing_id}::uuid END AS in_scope
      FROM cart_items ci JOIN carts c ON c.id = ci.cart_id JOIN listings l ON l.id = ci.listing_id
     WHERE c.user_id = ${input.userId}::uuid`,
  );
  return check(
    grant,
    rows.map((row) => ({ id: row.id, dueCents: row.due, inScope: row.in_scope })),
    null,
  );
}

export type CheckoutCouponGate = { ok: true } | Refusal<"coupon-refused", { coupon: Extract<CouponCheck, { ok: false }> }>;

/**
 * The checkout form's gate: a code the customer typed or picked must be theirs, unused, valid
 * now and apply to the cart, or the checkout does not start (the field says why). No code, no
 * gate. The saga checks again when it redeems; this is so the customer hears it before paying.
 */
export async function checkCheckoutCoupon(tx: Tx, input: { userId: string; code?: string | null }): Promise<CheckoutCouponGate> {
  if (!input.code) return ok();
  const coupon = await previewCoupon(tx, { userId: input.userId, code: input.code });
  return coupon.ok ? ok() : refuse("coupon-refused", { coupon });
}
