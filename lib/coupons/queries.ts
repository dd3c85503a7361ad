// Read side of coupon campaigns: the campaign page and its live "27 of 30 left", the
// customer's coupons, and the owner's list and detail (winners in order, redemptions). Owner
// queries are scoped by the owner's shop in SQL; a customer sees only their own codes.
import "server-only";
import { z } from "zod";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRow, sqlRows } from "@/lib/db/rows";
import { PRODUCT_DISPLAY_NAME } from "@/lib/listings/display-name";

export type CampaignPhase = "upcoming" | "live" | "ended";

export interface CampaignView {
  id: string;
  name: string;
  shopName: string;
  discountPercent: number | null;
  amountOffCents: number | null;
  /** The one listing it applies to, or null for the whole shop. */
  scope: { title: string; productSlug: string } | null;
  minOrderCents: number;
  limit: number;
  issued: number;
  left: number;
  phase: CampaignPhase;
  endedEarly: boolean;
  startsAt: string;
  endsAt: string | null;
  now: string;
}

const campaignRow = z.object({
  id: col.text,
  name: col.text,
  shop_name: col.text,
  discount_percent: col.nullableInt,
  amount_off_cents: col.nullableInt,
  scope_title: col.nullableText,
  scope_slug: col.nullableText,
  min_order_cents: col.int,
  limit_count: col.int,
  issued: col.int,
  phase: z.enum(["upcoming", "live", "ended"]),
  ended_early: col.bool,
  starts_at: col.time,
  ends_at: col.nullableTime,
  now: col.time,
});
type CampaignRow = z.infer<typeof campaignRow>;

const campaignColumns = Prisma.sql`
  c.id::text, c.name, s.name AS shop_name, c.discount_percent, c.amount_off_cents, ${PRODUCT_DISPLAY_NAME} AS scope_title, p.slug AS scope_slug,
  c.min_order_cents, c.limit_count, c.issued,
  CASE WHEN now() < c.starts_at THEN 'upcoming'
       WHEN c.ended_early_at IS NOT NULL OR (c.ends_at IS NOT NULL AND c.ends_at <= now()) THEN 'ended' ELSE 'live' END AS phase,
  c.ended_early_at IS NOT NULL AS ended_early, c.starts_at, c.ends_at, now() AS now`;

const campaignTables = Prisma.sql`
  coupon_campaigns c JOIN shops s ON s.id = c.shop_id
  LEFT JOIN listings l ON l.id = c.listing_id LEFT JOIN products p ON p.id = l.product_id`;

function toView(row: CampaignRow): CampaignView {
  return {
    id: row.id,
    name: row.name,
    shopName: row.shop_name,
    discountPercent: row.discount_percent,
    amountOffCents: row.amount_off_cents,
    scope: row.scope_title && row.scope_slug ? { title: row.scope_title, productSlug: row.scope_slug } : null,
    minOrderCents: row.min_order_cents,
    limit: row.limit_count,
    issued: row.issued,
    left: Math.max(row.limit_count - row.issued, 0),
    phase: row.phase,
    endedEarly: row.ended_early,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    now: row.now.toISOString(),
  };
}

export interface YourCoupon {
  sequence: number;
  code: string;
  /** Redeemed by a checkout under way or a paid order. */
  used: boolean;
}

/** The campaign page, and the JSON its counter polls: with the viewer's own coupon when they won one. */
export async function getCampaign(
  tx: Tx,
  campaignId: string,
  viewerId: string | null,
): Promise<(CampaignView & { yours: YourCoupon | null }) | null> {
  const row = await sqlRow(
    tx,
    campaignRow.extend({ your_sequence: col.nullableInt, your_code: col.nullableText, your_used: col.bool }),
    Prisma.sql`
    SELECT ${campaignColumns}, g.sequence AS your_sequence, g.code AS your_code, g.order_id IS NOT NULL AS your_used
      FROM ${campaignTables}
      LEFT JOIN coupon_grants g ON g.campaign_id = c.id AND g.user_id = ${viewerId}::uuid
     WHERE c.id = ${campaignId}::uuid`,
  );
  if (!row) return null;
  const yours =
    row.your_sequence !== null && row.your_code ? { sequence: row.your_sequence, code: row.your_code, used: row.your_used } : null;
  return { ...toView(row), yours };
}

/** Campaigns a customer can still claim from, or soon: live and upcoming, the soonest to end first. */
export async function listOpenCampaigns(tx: Tx): Promise<CampaignView[]> {
  const rows = await sqlRows(
    tx,
    campaignRow,
    Prisma.sql`
    SELECT ${campaignColumns} FROM ${campaignTables}
     WHERE c.ended_early_at IS NULL AND (c.ends_at IS NULL OR c.ends_at > now())
     ORDER BY c.ends_at NULLS LAST, c.created_at
     LIMIT 50`,
  );
  return rows.map(toView);
}

export interface CustomerCoupon extends YourCoupon {
  campaign: CampaignView;
  /** Still usable at checkout: unused and within the campaign's dates. */
  usable: boolean;
}

/** "Your coupons": every coupon the customer won, usable ones first. */
export async function listCustomerCoupons(tx: Tx, userId: string): Promise<CustomerCoupon[]> {
  const rows = await sqlRows(
    tx,
    campaignRow.extend({ sequence: col.int, code: col.text, used: col.bool, usable: col.bool }),
    Prisma.sql`
    SELECT ${campaignColumns}, g.sequence, g.code, g.order_id IS NOT NULL AS used,
           (g.order_id IS NULL AND c.starts_at <= now() AND (c.ends_at IS NULL OR c.ends_at > now())) AS usable
      FROM coupon_grants g JOIN ${campaignTables} ON c.id = g.campaign_id
     WHERE g.user_id = ${userId}::uuid
     ORDER BY usable DESC, g.created_at DESC`,
  );
  return rows.map((row) => ({ sequence: row.sequence, code: row.code, used: row.used, usable: row.usable, campaign: toView(row) }));
}

export interface OwnerCampaign extends CampaignView {
  redeemed: number;
}

export async function listShopCampaigns(tx: Tx, shopId: string, onlyId: string | null = null): Promise<OwnerCampaign[]> {
  const rows = await sqlRows(
    tx,
    campaignRow.extend({ redeemed: col.int }),
    Prisma.sql`
    SELECT ${campaignColumns},
           (SELECT COUNT(*) FROM coupon_grants g JOIN orders o ON o.id = g.order_id
             WHERE g.campaign_id = c.id AND o.status = 'PAID')::int AS redeemed
      FROM ${campaignTables}
     WHERE c.shop_id = ${shopId}::uuid AND (${onlyId}::uuid IS NULL OR c.id = ${onlyId}::uuid)
     ORDER BY c.created_at DESC`,
  );
  return rows.map((row) => ({ ...toView(row), redeemed: row.redeemed }));
}

export interface CampaignWinner {
  sequence: number;
  customerName: string;
  wonAt: string;
  /** The order that used the coupon, with its state; null while unused. */
  redemption: { orderId: string; orderStatus: string; discountCents: number; redeemedAt: string } | null;
}

/** One campaign of the shop with its winners in the order they won. Codes are the winners' own: not shown to the owner. */
export async function getShopCampaign(
  tx: Tx,
  shopId: string,
  campaignId: string,
): Promise<(OwnerCampaign & { winners: CampaignWinner[] }) | null> {
  const [campaign] = await listShopCampaigns(tx, shopId, campaignId);
  if (!campaign) return null;
  const winnerRow = z.object({
    sequence: col.int,
    name: col.text,
    created_at: col.time,
    order_id: col.nullableText,
    status: col.nullableText,
    discount_cents: col.int,
    redeemed_at: col.nullableTime,
  });
  const rows = await sqlRows(
    tx,
    winnerRow,
    Prisma.sql`
    SELECT g.sequence, u.name, g.created_at, g.order_id::text, o.status::text AS status, g.discount_cents, g.redeemed_at
      FROM coupon_grants g JOIN users u ON u.id = g.user_id LEFT JOIN orders o ON o.id = g.order_id
     WHERE g.campaign_id = ${campaignId}::uuid
     ORDER BY g.sequence`,
  );
  return {
    ...campaign,
    winners: rows.map((row) => ({
      sequence: row.sequence,
      customerName: row.name,
      wonAt: row.created_at.toISOString(),
      redemption:
        row.order_id && row.status && row.redeemed_at
          ? { orderId: row.order_id, orderStatus: row.status, discountCents: row.discount_cents, redeemedAt: row.redeemed_at.toISOString() }
          : null,
    })),
  };
}
