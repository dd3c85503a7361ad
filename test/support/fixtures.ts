// Accounts and shops for tests, made the way the app makes them: a user row without its
// contact claims would (rightly) fail the I7 audit.
import { randomUUID } from "node:crypto";
import { insertAccounts } from "@/lib/accounts/insert-accounts";
import { hashPassword } from "@/lib/accounts/passwords";
import { signUpSchema } from "@/lib/accounts/schemas";
import { signUp } from "@/lib/accounts/sign-up";
import { slugify } from "@/lib/catalogue/identity";
import type { Db, Tx } from "@/lib/db/prisma";
import { openShop } from "@/lib/shops/open-shop";
import { openShopSchema } from "@/lib/shops/schemas";
import { runStep } from "@/lib/steps/run-step";

export const TEST_PASSWORD = "correct-horse-battery-staple";

let sequence = 0;
// A random start per test process, counted up from there: unique within the process.
const phoneBase = Math.floor(Math.random() * 8_000_000) + 1_000_000;

/** A unique, valid email and Finnish mobile number (+35850xxxxxxx) for this test run. */
export function uniqueContacts(): { email: string; phone: string } {
  sequence += 1;
  const tag = randomUUID().slice(0, 8);
  const digits = String(phoneBase + sequence);
  return { email: `user-${tag}-${sequence}@example.test`, phone: `+35850${digits}` };
}

/** A customer signed up through the form's schema and the real sign-up step. */
export async function createTestUser(
  client: Db,
  overrides: Partial<{ name: string; email: string; phone: string; password: string }> = {},
): Promise<{ id: string; email: string; phone: string; password: string }> {
  const contacts = uniqueContacts();
  const input = { name: "Test Customer", ...contacts, password: TEST_PASSWORD, ...overrides };
  const result = await signUp(client, signUpSchema.parse(input));
  if (!result.ok) throw new Error(`test user sign-up failed: ${result.reason} ${result.taken.join(", ")}`);
  return { id: result.userId, email: result.email, phone: result.phone, password: input.password };
}

let sharedHash: Promise<string> | undefined;

/**
 * `count` customers at once with distinct contacts and TEST_PASSWORD, claimed like real
 * sign-ups (one argon2 hash for all of them, so hundreds take milliseconds).
 */
export async function createTestUsers(client: Db | Tx, count: number, prefix = "customer"): Promise<string[]> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await sharedHash;
  return insertAccounts(
    client,
    Array.from({ length: count }, (_, i) => ({ name: `${prefix} ${i}`, ...uniqueContacts(), passwordHash })),
  );
}

/** An account that has opened a shop, the way the dashboard does it. */
export async function createTestOwner(client: Db, shopName = "Test Goods"): Promise<{ userId: string; shopId: string; shopSlug: string }> {
  const user = await createTestUser(client, { name: `${shopName} Owner` });
  const slug = `${slugify(shopName)}-${randomUUID().slice(0, 6)}`;
  const opened = await runStep(client, openShop, { ownerId: user.id, ...openShopSchema.parse({ name: shopName, slug }) });
  if (!opened.ok) throw new Error(`test shop failed: ${opened.reason}`);
  return { userId: user.id, shopId: opened.shop.id, shopSlug: opened.shop.slug };
}
