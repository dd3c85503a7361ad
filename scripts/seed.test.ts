import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/accounts/passwords";
import { signUpSchema } from "@/lib/accounts/schemas";
import { signUp } from "@/lib/accounts/sign-up";
import { auditInvariants } from "@/lib/audit/audit";
import { DEMO_PRODUCTS, DEMO_USERS } from "@/scripts/demo-data";
import { seedDemoData } from "@/scripts/seed";
import { expectAuditClean } from "@/test/support/audit";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;
// A second database that stays empty until two seeds race for it.
let empty: TestDatabase;
// Tests pass the secret, so the seed never falls back to the local secrets file.
const contactSecret = "seed-test-contact-secret-0123";

beforeAll(async () => {
  [t, empty] = await Promise.all([useTestDatabase(4), useTestDatabase(4)]);
});

async function counts(db = t.prisma) {
  const [users, shops, products, listings, movements] = await Promise.all([
    db.user.count(),
    db.shop.count(),
    db.product.count(),
    db.listing.count(),
    db.inventoryMovement.count(),
  ]);
  return { users, shops, products, listings, movements };
}

describe("the demo seed", () => {
  it("loads shops, products and stock through the ledger, with the audit clean", async () => {
    const message = await seedDemoData(t.url, { force: false, contactSecret });
    expect(message).toContain(`${DEMO_PRODUCTS.length} products`);
    expect(message).toContain(`${DEMO_USERS.owner1.email} / ${DEMO_USERS.owner1.password}`);

    const loaded = await counts();
    expect(loaded).toMatchObject({ users: 3, shops: 2, products: DEMO_PRODUCTS.length });
    expect(loaded.products).toBeGreaterThanOrEqual(20);
    expect(loaded.listings).toBe(DEMO_PRODUCTS.flatMap((p) => p.listings).length);
    expect(loaded.movements).toBe(DEMO_PRODUCTS.flatMap((p) => p.listings).filter((l) => l.stock > 0).length);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });

    const owner = await t.prisma.user.findFirstOrThrow({ where: { email: DEMO_USERS.owner1.email }, include: { shop: true } });
    expect(owner.shop?.name).toBe("Harbour & Pine");
    expect(await verifyPassword(owner.passwordHash, DEMO_USERS.owner1.password)).toBe(true);
  });

  it("claims the demo users' contacts, so nobody can sign up with them again (I7)", async () => {
    expect(await t.prisma.contactClaim.count()).toBe(2 * Object.keys(DEMO_USERS).length);
    const copycat = {
      name: "Copycat",
      email: ` ${DEMO_USERS.customer.email.toUpperCase()} `,
      phone: "+358 40 100 0003",
      password: "another-long-secret",
    };
    const again = await signUp(t.prisma, signUpSchema.parse(copycat), { contactSecret });
    expect(again).toEqual({ ok: false, reason: "contact-taken", taken: ["email", "phone"] });
  });

  it("does nothing the second time", async () => {
    const before = await counts();
    expect(await seedDemoData(t.url, { force: false, contactSecret })).toMatch(/not loaded/);
    expect(await counts()).toEqual(before);
  });

  it("two seeds at once on an empty database load the data once (the seed's lock)", async () => {
    expect(await counts(empty.prisma)).toEqual({ users: 0, shops: 0, products: 0, listings: 0, movements: 0 });
    // Each seed opens its own client, as two `npm run demo` processes would.
    const messages = await Promise.all([
      seedDemoData(empty.url, { force: false, contactSecret }),
      seedDemoData(empty.url, { force: false, contactSecret }),
    ]);
    expect(messages.filter((message) => message.startsWith("demo data loaded"))).toHaveLength(1);
    expect(messages.filter((message) => message.startsWith("demo data not loaded"))).toHaveLength(1);

    const offers = DEMO_PRODUCTS.flatMap((product) => product.listings);
    expect(await counts(empty.prisma)).toEqual({
      users: Object.keys(DEMO_USERS).length,
      shops: 2,
      products: DEMO_PRODUCTS.length,
      listings: offers.length,
      movements: offers.filter((offer) => offer.stock > 0).length,
    });
    const units = await empty.prisma.listing.aggregate({ _sum: { onHand: true } });
    expect(units._sum.onHand).toBe(offers.reduce((sum, offer) => sum + offer.stock, 0));
    expect(await empty.prisma.contactClaim.count()).toBe(2 * Object.keys(DEMO_USERS).length);
    await expectAuditClean(empty.prisma);
  });

  it("two seeds at once on a seeded database leave it as it was", async () => {
    await seedDemoData(t.url, { force: true, contactSecret });
    const once = await counts();
    await Promise.all([seedDemoData(t.url, { force: false, contactSecret }), seedDemoData(t.url, { force: false, contactSecret })]);
    expect(await counts()).toEqual(once);
  });

  it("--force wipes the ledger with TRUNCATE (the append-only trigger stays) and seeds again", async () => {
    const before = await counts();
    await seedDemoData(t.url, { force: true, contactSecret });
    expect(await counts()).toEqual(before);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true });
    await expect(t.prisma.$executeRaw`DELETE FROM inventory_movements`).rejects.toThrow(/append-only/);
  });
});
