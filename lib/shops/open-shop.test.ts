import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, createTestUsers } from "../../scripts/vitest/fixtures";
import { useTestDatabase, type TestDatabase } from "../../scripts/vitest/test-database";
import { auditInvariants } from "../audit/audit";
import { openShop } from "./open-shop";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
});

describe("opening a shop makes a customer an owner, once", () => {
  it("derives the address from the name and refuses a second shop for the same owner", async () => {
    const user = await createTestUser(t.prisma);
    expect(await openShop(t.prisma, user.id, { name: "  Nordic Audio  " })).toMatchObject({
      ok: true,
      shop: { name: "Nordic Audio", slug: "nordic-audio" },
    });
    expect(await openShop(t.prisma, user.id, { name: "Another One" })).toMatchObject({ ok: false, reason: "has-shop" });
  });

  it("20 double submits from one customer make one shop; 20 customers racing for one address make one", async () => {
    const racers = t.newClient(8);
    const user = await createTestUser(t.prisma);
    const own = await Promise.all(Array.from({ length: 20 }, (_, i) => openShop(racers, user.id, { name: `Double ${i}`, slug: `double-${i}` })));
    expect(own.filter((r) => r.ok)).toHaveLength(1);
    expect(await t.prisma.shop.count({ where: { ownerId: user.id } })).toBe(1);

    const customers = await createTestUsers(t.prisma, 20, "rival");
    const rivals = await Promise.all(customers.map((id) => openShop(racers, id, { name: "Same Name", slug: "same-name" })));
    expect(rivals.filter((r) => r.ok)).toHaveLength(1);
    for (const r of rivals.filter((r) => !r.ok)) {
      expect(r).toMatchObject({ reason: "slug-taken", fieldErrors: { slug: ["The address “same-name” is taken. Try another."] } });
    }
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true });
  });

  it("names malformed fields", async () => {
    const user = await createTestUser(t.prisma);
    const result = await openShop(t.prisma, user.id, { name: "x", slug: "Bad Slug!" });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["name", "slug"]);
  });
});
