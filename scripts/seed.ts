// The demo data: two shops with their owners, a customer, and the catalogue of
// scripts/demo-data.ts, with a flash sale, one about to start (a drop with a waiting line) and two coupon campaigns. Stock
// goes in through receiveStock, sales and campaigns through their own steps, so the ledger and
// the counters agree from the first row (the audit stays clean).
//   npm run db:seed            seeds an empty database; does nothing when a shop exists
//   npm run db:seed -- --force wipes every table (all data, not just the demo's) and seeds again
import { z } from "zod";
import { signUpSchema } from "@/lib/accounts/schemas";
import { createAccount, prepareAccount } from "@/lib/accounts/sign-up";
import { productIdentityKey } from "@/lib/catalogue/identity";
import { createCampaign } from "@/lib/coupons/create-campaign";
import { createPrismaClient, Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { receiveStock } from "@/lib/stock/movements";
import {
  DEMO_CAMPAIGNS,
  DEMO_FLASH_SALES,
  DEMO_PRODUCTS,
  DEMO_SHOPS,
  DEMO_USERS,
  demoProductImageUrl,
  demoProductSlug,
  type ShopKey,
} from "@/scripts/demo-data";
import { loadLocalSecrets } from "@/scripts/lib/secrets";

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
      Object.values(DEMO_USERS).map(async (user) => ({
        user,
        account: await prepareAccount(signUpSchema.parse(user), { contactSecret: secret }),
      })),
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
            throw new Error(
              `cannot create the demo user ${user.email}: its ${taken} is already registered (use --force to start from an empty database)`,
            );
          }
          if ("shop" in user) {
            const shop = await tx.shop.create({ data: { ...DEMO_SHOPS[user.shop], ownerId: account.userId }, select: { id: true } });
            shopIds[user.shop] = shop.id;
          }
        }

        let listings = 0;
        let units = 0;
        const listingIds = new Map<string, string>();
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
            listingIds.set(`${demoProductSlug(product)}@${offer.shop}`, listing.id);
            if (offer.stock > 0) {
              const received = await receiveStock(tx, {
                listingId: listing.id,
                quantity: offer.stock,
                reason: "opening stock (demo data)",
              });
              if (!received.ok) throw new Error(`opening stock: ${received.reason}`);
              units += offer.stock;
            }
          }
        }
        await seedDiscounts(tx, shopIds, listingIds);
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
      `demo data loaded: ${Object.keys(DEMO_SHOPS).length} shops, ${DEMO_PRODUCTS.length} products, ${outcome.listings} listings, ${outcome.units} units in stock, ` +
        `${DEMO_FLASH_SALES.length} flash sales, ${DEMO_CAMPAIGNS.length} coupon campaigns`,
      "demo logins:",
      logins,
    ].join("\n");
  } finally {
    await prisma.$disconnect();
  }
}

/** The demo's flash sales and coupon campaigns, through the owners' own steps; windows start from now. */
async function seedDiscounts(tx: Tx, shopIds: Record<ShopKey, string>, listingIds: Map<string, string>): Promise<void> {
  const listingOf = (product: Parameters<typeof demoProductSlug>[0], shop: ShopKey) => {
    const id = listingIds.get(`${demoProductSlug(product)}@${shop}`);
    if (!id) throw new Error(`demo discount: ${product.brand} ${product.model} is not listed by ${shop}`);
    return id;
  };
  const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000);
  for (const sale of DEMO_FLASH_SALES) {
    const created = await createFlashSale(tx, {
      shopId: shopIds[sale.shop],
      listingId: listingOf(sale.product, sale.shop),
      slots: sale.slots,
      discount: sale.discount,
      startsAt: hoursFromNow(sale.startsInHours),
      endsAt: hoursFromNow(sale.startsInHours + sale.lastsHours),
      drop: sale.waitingRoom
        ? {
            opensBeforeMs: sale.waitingRoom.opensHoursBefore * 3_600_000,
            admitPerMinute: sale.waitingRoom.admitPerMinute,
            maxAdmitted: sale.waitingRoom.maxAdmitted,
            admissionSeconds: sale.waitingRoom.turnMinutes * 60,
          }
        : null,
    });
    if (!created.ok) throw new Error(`demo flash sale: ${created.reason}`);
  }
  for (const campaign of DEMO_CAMPAIGNS) {
    const created = await createCampaign(tx, {
      shopId: shopIds[campaign.shop],
      name: campaign.name,
      limit: campaign.limit,
      discountPercent: campaign.discountPercent,
      amountOffCents: campaign.amountOffCents,
      listingId: campaign.product ? listingOf(campaign.product, campaign.shop) : null,
      minOrderCents: campaign.minOrderCents,
      startsAt: hoursFromNow(0),
      endsAt: hoursFromNow(campaign.lastsDays * 24),
    });
    if (!created.ok) throw new Error(`demo campaign: ${created.reason}`);
  }
}

/**
 * Empties every application table. TRUNCATE, unlike DELETE, does not fire the row triggers
 * that keep inventory_movements append-only, and it is the only way to remove ledger rows:
 * a deliberate reset of the whole database, never a correction of stock.
 */
async function truncateAll(tx: Tx): Promise<void> {
  const tables = await sqlRows(
    tx,
    z.object({ name: col.text }),
    Prisma.sql`
    SELECT quote_ident(tablename) AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  );
  if (tables.length === 0) return;
  // Table names come from pg_tables, quoted by quote_ident.
  await tx.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => t.name).join(", ")} RESTART IDENTITY CASCADE`);
}
