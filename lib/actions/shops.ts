"use server";
// Opening a shop: a signed-in customer becomes an owner.
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction, INVALID_INPUT } from "@/lib/actions/define-action";
import { db } from "@/lib/db/client";
import { routes } from "@/lib/routes";
import { openShop } from "@/lib/shops/open-shop";
import { openShopSchema, type OpenShopField } from "@/lib/shops/schemas";
import { runStep } from "@/lib/steps/run-step";

export type OpenShopState = ActionResult<object, OpenShopField> | null;

export const openShopAction = defineAction<OpenShopState>()({
  role: "customer",
  schema: openShopSchema,
  run: (input, { user }) => runStep(db(), openShop, { ownerId: user.id, ...input }),
  refusals: {
    // Opened in another tab a moment ago: the dashboard is where they wanted to go.
    "has-shop": () => redirect(routes.dashboard),
    "slug-taken": ({ slug }) => ({ message: INVALID_INPUT, fieldErrors: { slug: [`The address “${slug}” is taken. Try another.`] } }),
  },
  // The header of every page changes ("Open a shop" becomes "Dashboard").
  revalidate: () => [["/", "layout"]],
  success: () => redirect(routes.dashboard),
});
