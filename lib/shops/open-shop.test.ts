import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { auditInvariants } from "@/lib/audit/audit";
import type { Db } from "@/lib/db/prisma";
import { openShop } from "@/lib/shops/open-shop";
import { openShopSchema } from "@/lib/shops/schemas";
import { runStep } from "@/lib/steps/run-step";
import { createTestUser, createTestUsers } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
});

// As the action does it: the form's fields parsed once, then the step in its own transaction.
const open = (db: Db, ownerId: string, fields: z.input<typeof openShopSchema>) =>
  runStep(db, openShop, { ownerId, ...openShopSchema.parse(fields) });

describe("opening a shop makes a customer an owner, once", () => {
  it("derives the address from the name and refuses a second shop for the same owner", async () => {
    const user = await createTestUser(t.prisma);
    expect(await open(t.prisma, user.id, { name: "  Nordic Audio  " })).toMatchObject({
      ok: true,
      shop: { name: "Nordic Audio", slug: "nordic-audio" },
    });
    expect(await open(t.prisma, user.id, { name: "Another One" })).toEqual({ ok: false, reason: "has-shop" });
  });

  it("20 double submits from one customer make one shop; 20 customers racing for one address make one", async () => {
    const racers = t.newClient(8);
    const user = await createTestUser(t.prisma);
    const own = await Promise.all(
      Array.from({ length: 20 }, (_, i) => open(racers, user.id, { name: `Double ${i}`, slug: `double-${i}` })),
    );
    expect(own.filter((r) => r.ok)).toHaveLength(1);
    expect(await t.prisma.shop.count({ where: { ownerId: user.id } })).toBe(1);

    const customers = await createTestUsers(t.prisma, 20, "rival");
    const rivals = await Promise.all(customers.map((id) => open(racers, id, { name: "Same Name", slug: "same-name" })));
    expect(rivals.filter((r) => r.ok)).toHaveLength(1);
    for (const r of rivals.filter((r) => !r.ok)) expect(r).toEqual({ ok: false, reason: "slug-taken", slug: "same-name" });
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true });
  });

  it("the form's schema names malformed fields", () => {
    const parsed = openShopSchema.safeParse({ name: "x", slug: "Bad Slug!" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(Object.keys(z.flattenError(parsed.error).fieldErrors).sort()).toEqual(["name", "slug"]);
  });
});
