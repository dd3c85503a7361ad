"use server";
// Flash sales and coupon campaigns: the owner creates and ends them, a customer claims a
// coupon. Ids in forms are only ids: the shop comes from the session and each step's WHERE
// clause decides what belongs to it.
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction, INVALID_INPUT } from "@/lib/actions/define-action";
import { dropGateRefusals } from "@/lib/actions/messages";
import { claimCoupon } from "@/lib/coupons/claim-coupon";
import { createCampaign, endCampaign } from "@/lib/coupons/create-campaign";
import { campaignIdSchema, createCampaignSchema, type CreateCampaignField } from "@/lib/coupons/schemas";
import { db } from "@/lib/db/client";
import { createFlashSale, endFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { createFlashSaleSchema, endFlashSaleSchema, type CreateFlashSaleField } from "@/lib/flash-sales/schemas";
import { formatMoney } from "@/lib/format";
import { routes } from "@/lib/routes";
import { runStep } from "@/lib/steps/run-step";

export type NewSaleState = ActionResult<object, CreateFlashSaleField> | null;
export type NewCampaignState = ActionResult<object, CreateCampaignField> | null;
export type EndState = ActionResult | null;
export type ClaimCouponState = ActionResult<{ sequence: number; code: string; won: boolean }> | null;

const ENDS_IN_PAST = { message: INVALID_INPUT, fieldErrors: { endsAt: ["The end has already passed."] } };
const when = (date: Date) => date.toISOString().slice(0, 16).replace("T", " ") + " UTC";

export const createFlashSaleAction = defineAction<NewSaleState>()({
  role: "owner",
  schema: createFlashSaleSchema,
  run: (input, { user }) => runStep(db(), createFlashSale, { ...input, shopId: user.shop.id }),
  refusals: {
    "not-found": { message: INVALID_INPUT, fieldErrors: { listingId: ["Choose one of your listings."] } },
    "ends-in-past": ENDS_IN_PAST,
    "slots-above-stock": ({ onHand }) => ({
      message: INVALID_INPUT,
      fieldErrors: { slots: [`The listing has ${onHand} units on hand: offer at most ${onHand} at the sale price.`] },
    }),
    "price-not-lower": ({ priceCents, currency }) => ({
      message: INVALID_INPUT,
      fieldErrors: { salePrice: [`The sale price must be below the listing's price (${formatMoney(priceCents, currency)}).`] },
    }),
    overlaps: ({ startsAt, endsAt }) => ({
      message: INVALID_INPUT,
      fieldErrors: {
        startsAt: [`This listing already has a sale from ${when(startsAt)} to ${when(endsAt)}: choose a window that does not overlap it.`],
      },
    }),
  },
  revalidate: () => [routes.dashboardSales, [routes.product("[slug]"), "page"]],
  success: (result) => redirect(routes.dashboardSale(result.saleId)),
});

export const endFlashSaleAction = defineAction<EndState>()({
  role: "owner",
  schema: endFlashSaleSchema,
  run: (input, { user }) => runStep(db(), endFlashSale, { shopId: user.shop.id, saleId: input.saleId }),
  refusals: { "not-found": "This sale is not in your shop.", "already-ended": "This sale has already ended." },
  revalidate: (_, input) => [routes.dashboardSales, routes.dashboardSale(input.saleId), [routes.product("[slug]"), "page"]],
  success: () => ({ message: "The sale has ended. Checkouts that already hold a slot keep it." }),
});

export const createCampaignAction = defineAction<NewCampaignState>()({
  role: "owner",
  schema: createCampaignSchema,
  run: (input, { user }) => runStep(db(), createCampaign, { ...input, shopId: user.shop.id }),
  refusals: {
    "listing-not-found": { message: INVALID_INPUT, fieldErrors: { listingId: ["Choose one of your listings, or the whole shop."] } },
    "ends-in-past": ENDS_IN_PAST,
  },
  revalidate: () => [routes.dashboardCampaigns, routes.campaigns],
  success: (result) => redirect(routes.dashboardCampaign(result.campaignId)),
});

export const endCampaignAction = defineAction<EndState>()({
  role: "owner",
  schema: campaignIdSchema,
  run: (input, { user }) => runStep(db(), endCampaign, { shopId: user.shop.id, campaignId: input.campaignId }),
  refusals: { "not-found": "This campaign is not in your shop.", "already-ended": "This campaign has already ended." },
  revalidate: (_, input) => [
    routes.dashboardCampaigns,
    routes.dashboardCampaign(input.campaignId),
    routes.campaign(input.campaignId),
    routes.campaigns,
  ],
  success: () => ({ message: "No more coupons will be issued. Coupons already won stay valid until the end date." }),
});

export const claimCouponAction = defineAction<ClaimCouponState>()({
  role: "customer",
  schema: campaignIdSchema,
  run: (input, { user }) => runStep(db(), claimCoupon, { campaignId: input.campaignId, userId: user.id }),
  refusals: {
    "not-found": "This campaign does not exist.",
    "not-started": "This campaign has not started yet: come back when the countdown ends.",
    ended: "This campaign has ended: no more coupons are being given out.",
    "all-claimed": ({ limit }) => `All ${limit.toLocaleString("en")} coupons have been claimed. Better luck next time!`,
    ...dropGateRefusals("claim"),
  },
  revalidate: (_, input) => [routes.campaign(input.campaignId), routes.campaigns],
  success: (result) => ({
    sequence: result.sequence,
    code: result.code,
    won: result.won,
    message: result.won ? `You got one! You were #${result.sequence}.` : `You already have this coupon: you were #${result.sequence}.`,
  }),
});
