"use server";
// An owner's listing actions: list a product, receive and adjust stock, set the price, take
// the listing off sale or back. The listing's id comes from a hidden field like any other
// input; ownership is decided by each step's WHERE clause, with the shop from the session.
import { redirect } from "next/navigation";
import { formFields, type ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { db } from "@/lib/db/client";
import { pluralize } from "@/lib/format";
import { createListing } from "@/lib/listings/create-listing";
import { runSetListingActive, setListingPrice } from "@/lib/listings/manage-listing";
import {
  adjustStockSchema,
  newListingFormSchema,
  receiveStockSchema,
  setActiveSchema,
  setPriceSchema,
  type CreateListingField,
} from "@/lib/listings/schemas";
import { routes } from "@/lib/routes";
import { runStep } from "@/lib/steps/run-step";
import { runAdjustListingStock, runReceiveListingStock } from "@/lib/stock/owner-stock";

export type NewListingState = ActionResult<object, CreateListingField, { existingListingId: string }> | null;
export type StockActionState = ActionResult | null;

const ALREADY_LISTED = "Your shop already lists this product. Change its stock or price on its page.";
const NOT_IN_YOUR_SHOP = "This listing is not in your shop.";

export const createListingAction = defineAction<NewListingState>()({
  role: "owner",
  schema: newListingFormSchema,
  // The picture is a file, which formFields leaves out: the schema checks its bytes.
  input: (formData) => ({ ...formFields(formData), picture: formData.get("picture") }),
  run: (input, { user }) => runStep(db(), createListing, { ...input, shopId: user.shop.id, actorId: user.id }),
  refusals: {
    "already-listed": ({ listingId }) => ({
      message: ALREADY_LISTED,
      fieldErrors: { model: [ALREADY_LISTED] },
      extra: { existingListingId: listingId },
    }),
  },
  revalidate: (result) => [routes.dashboard, routes.catalogue, routes.product(result.productSlug)],
  success: (result) => redirect(routes.dashboardListing(result.listingId)),
});

// The listing's page and every screen that shows its stock or price.
const listingPaths = (_: unknown, input: { listingId: string }) =>
  [routes.dashboardListing(input.listingId), routes.dashboard, routes.catalogue, [routes.product("[slug]"), "page"]] as const;

export const receiveStockAction = defineAction<StockActionState>()({
  role: "owner",
  schema: receiveStockSchema,
  run: (input, { user }) => runReceiveListingStock(db(), { ...input, shopId: user.shop.id, actorId: user.id }),
  refusals: { "not-found": NOT_IN_YOUR_SHOP },
  revalidate: listingPaths,
  success: (result, input) => ({ message: `Received ${pluralize(input.quantity, "unit")}. On hand now: ${result.levels.onHand}.` }),
});

export const adjustStockAction = defineAction<StockActionState>()({
  role: "owner",
  schema: adjustStockSchema,
  run: (input, { user }) => runAdjustListingStock(db(), { ...input, shopId: user.shop.id, actorId: user.id }),
  refusals: {
    "not-found": NOT_IN_YOUR_SHOP,
    "below-reserved": ({ onHand, reserved }) => ({
      message: "The count was not changed.",
      fieldErrors: { delta: [`Customers hold ${reserved} of the ${onHand} units on hand: you can remove at most ${onHand - reserved}.`] },
    }),
  },
  revalidate: listingPaths,
  success: (result, input) => ({
    message: `Adjusted by ${input.delta > 0 ? "+" : ""}${input.delta}. On hand now: ${result.levels.onHand}.`,
  }),
});

export const setPriceAction = defineAction<StockActionState>()({
  role: "owner",
  schema: setPriceSchema,
  run: (input, { user }) => runStep(db(), setListingPrice, { shopId: user.shop.id, listingId: input.listingId, priceCents: input.price }),
  refusals: { "not-found": NOT_IN_YOUR_SHOP },
  revalidate: listingPaths,
  success: () => ({ message: "Price updated." }),
});

export const setActiveAction = defineAction<StockActionState>()({
  role: "owner",
  schema: setActiveSchema,
  run: (input, { user }) => runSetListingActive(db(), { ...input, shopId: user.shop.id }),
  refusals: { "not-found": NOT_IN_YOUR_SHOP },
  revalidate: listingPaths,
  success: (_, input) => ({ message: input.active ? "The listing is on sale again." : "The listing is off the catalogue." }),
});
