import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { revokeSessions } from "@/lib/auth/session-epoch";
import { findSessionUser } from "@/lib/auth/session-user";
import { createTestOwner, createTestUser } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase(2);
});

describe("the signed-in user's row, read once per request in one statement", () => {
  it("answers a customer with no shop, an owner with theirs, and the current session epoch", async () => {
    const customer = await createTestUser(t.prisma, { name: "Session Customer" });
    expect(await findSessionUser(t.prisma, customer.id)).toEqual({
      id: customer.id,
      name: "Session Customer",
      email: customer.email,
      sessionEpoch: 0,
      shop: null,
    });
    await revokeSessions(t.prisma, customer.id, 0);
    expect((await findSessionUser(t.prisma, customer.id))?.sessionEpoch).toBe(1);

    const owner = await createTestOwner(t.prisma, "Session Goods");
    const shop = await t.prisma.shop.findUniqueOrThrow({ where: { id: owner.shopId }, select: { id: true, slug: true, name: true } });
    expect((await findSessionUser(t.prisma, owner.userId))?.shop).toEqual(shop);
  });

  it("answers null for an id no user has, and for a string that is no id (never a database error)", async () => {
    expect(await findSessionUser(t.prisma, randomUUID())).toBeNull();
    for (const junk of ["", "1", "not-a-uuid", "'; DROP TABLE users; --", `${randomUUID()}x`])
      expect(await findSessionUser(t.prisma, junk), junk).toBeNull();
  });
});
