import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { readSession } from "@/lib/auth/session-cookie";
import { findSessionUser } from "@/lib/auth/session-user";
import { db } from "@/lib/db/client";
import { routes } from "@/lib/routes";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  /** The shop this user owns; every account is a customer, owners also have a shop. */
  shop: { id: string; slug: string; name: string } | null;
}

export type ShopOwner = SessionUser & { shop: NonNullable<SessionUser["shop"]> };

/**
 * The signed-in user, read fresh from the database once per request; null when signed out.
 * The session token is read as getServerSession reads it, without its overhead
 * (session-cookie.ts), and the user with its shop in one statement (session-user.ts).
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await readSession();
  if (!session?.userId) return null;
  const user = await findSessionUser(db(), session.userId);
  // A token from before the last sign-out (or password change) is revoked: signed out.
  if (!user || user.sessionEpoch !== session.epoch) return null;
  const { sessionEpoch: _epoch, ...current } = user;
  return current;
});

/** For pages: the user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string = routes.home): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(routes.signInFrom(returnTo));
  return user;
}

/** For dashboard pages: an owner, or the way to open a shop. */
export async function requireShopOwner(returnTo: string = routes.dashboard): Promise<ShopOwner> {
  const user = await requireUser(returnTo);
  if (!user.shop) redirect(routes.openShop);
  return user as ShopOwner;
}

export type ActionAuth<T> = { ok: true; user: T } | { ok: false; reason: "signed-out" | "not-owner" };

/** For server actions and route handlers: never redirects, says why it refused. */
export async function authorizeCustomer(): Promise<ActionAuth<SessionUser>> {
  const user = await getCurrentUser();
  return user ? { ok: true, user } : { ok: false, reason: "signed-out" };
}

export async function authorizeShopOwner(): Promise<ActionAuth<ShopOwner>> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, reason: "signed-out" };
  if (!user.shop) return { ok: false, reason: "not-owner" };
  return { ok: true, user: user as ShopOwner };
}
