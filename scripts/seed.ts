// The demo data: two shops with their owners, a customer, and the catalogue of
// scripts/demo-data.ts. Stock goes in through receiveStock, so the ledger and the counters
// agree from the first row (the audit stays clean).
//   npm run db:seed            seeds an empty database; does nothing when a shop exists
//   npm run db:seed -- --force wipes every table (all data, not just the demo's) and seeds again
import { createAccount, prepareAccount } from "../lib/accounts/sign-up";
import { signUpSchema } from "../lib/accounts/sign-up-schema";
import { productIdentityKey } from "../lib/catalog/identity";
import { receiveStock } from "../lib/inventory/movements";
import { z } from "zod";
import { createPrismaClient, Prisma, type Tx } from "../lib/prisma";
import { col, sqlRows } from "../lib/sql/rows";
import { loadLocalSecrets } from "./lib/secrets";
import { DEMO_PRODUCTS, DEMO_SHOPS, DEMO_USERS, demoProductImageUrl, demoProductSlug, type ShopKey } from "./demo-data";

// Two seeds at once (say `npm run demo` twice) queue on this lock instead of both inserting.
const SEED_LOCK = 73_011_122;

export interface SeedOptions {
  force: boolean;
  /**
   * The key of the demo users' contact claims (I7); it must be the one the app runs with,
   * or signing up again with a demo email would not be refused. Default: CONTACT_HMAC_SECRET
   * from the environment, else the local secret that `npm run dev` and `npm run demo` use.
   */
  contactSecret?: string;
}

export async function seedDemoData(url: string, { force, contactSecret }: SeedOptions): Promise<string> {
  const prisma = createPrismaClient(url, 4);
  try {
    const secret = contactSecret ?? (await loadLocalSecrets()).CONTACT_HMAC_SECRET;
    // Parsed by the sign-up form's schema and hashed before the transaction, as a sign-up is.
    const users = await Promise.all(
      Object.values(DEMO_USERS).map(async (user) => ({ user, account: await prepareAccount(signUpSchema.parse(user), { contactSecret: secret }) })),
    );
    const outcome = await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
        const shops = await tx.shop.count();
        if (shops > 0 && !force) return { seeded: false, shops };
        if (force) await truncateAll(tx);

        const shopIds = {} as Record<ShopKey, string>;
        for (const { user, account: prepared } of users) {
          // Through the real sign-up step, so the demo accounts hold their contact claims too.
          // A refusal throws, which rolls the whole seed back.
          const account = await createAccount(tx, prepared);
          if (!account.ok) {
            const taken = account.taken.join(" and ");
            throw new Error(`cannot create the demo user ${user.email}: its ${taken} is already registered (use --force to start from an empty database)`);
          }
          if ("shop" in user) {
            const shop = await tx.shop.create({ data: { ...DEMO_SHOPS[user.shop], ownerId: account.userId }, select: { id: true } });
            shopIds[user.shop] = shop.id;
          }
        }

        let listings = 0;
        let units = 0;
        for (const product of DEMO_PRODUCTS) {
          const { id: productId } = await tx.product.create({
            data: {
              slug: demoProductSlug(product),
              identityKey: productIdentityKey(product.brand, product.model, product.variant),
              brand: product.brand,
              model: product.model,
              variant: product.variant,
              title: product.title,
              description: product.description,
              imageUrl: demoProductImageUrl(product),
            },
            select: { id: true },
          });
          for (const offer of product.listings) {
            const listing = await tx.listing.create({
              data: { shopId: shopIds[offer.shop], productId, priceCents: offer.priceCents, active: offer.active ?? true },
              select: { id: true },
            });
            listings += 1;
            if (offer.stock > 0) {
              const received = await receiveStock(tx, { listingId: listing.id, quantity: offer.stock, reason: "opening stock (demo data)" });
              if (!received.ok) throw new Error(`opening stock: ${received.reason}`);
              units += offer.stock;
            }
          }
        }
        return { seeded: true, listings, units };
      },
      { timeout: 60_000 },
    );

    if (!outcome.seeded) {
      return `demo data not loaded: the database already has ${outcome.shops} shop(s) (use --force to wipe it and seed again)`;
    }
    const logins = Object.values(DEMO_USERS)
      .map((user) => `  ${user.email} / ${user.password}  (${"shop" in user ? `owner of ${DEMO_SHOPS[user.shop].name}` : "customer"})`)
      .join("\n");
    return [
      `demo data loaded: ${Object.keys(DEMO_SHOPS).length} shops, ${DEMO_PRODUCTS.length} products, ${outcome.listings} listings, ${outcome.units} units in stock`,
      "demo logins:",
      logins,
    ].join("\n");
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Empties every application table. TRUNCATE, unlike DELETE, does not fire the row triggers
 * that keep inventory_movements append-only, and it is the only way to remove ledger rows:
 * a deliberate reset of the whole database, never a correction of stock.
 */
async function truncateAll(tx: Tx): Promise<void> {
  const tables = await sqlRows(tx, z.object({ name: col.text }), Prisma.sql`
    SELECT quote_ident(tablename) AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`);
  if (tables.length === 0) return;
  // Table names come from pg_tables, quoted by quote_ident.
  await tx.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => t.name).join(", ")} RESTART IDENTITY CASCADE`);
}
