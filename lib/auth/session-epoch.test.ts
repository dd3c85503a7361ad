import { beforeAll, describe, expect, it } from "vitest";
import { currentSessionEpoch, revokeSessions, tokenEpoch } from "@/lib/auth/session-epoch";
import { createTestUser } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase(4);
});

describe("signing out revokes the tokens issued before (copies included)", () => {
  it("a token's epoch stops matching after sign-out; a new sign-in gets the new epoch", async () => {
    const user = await createTestUser(t.prisma);
    const issued = await currentSessionEpoch(t.prisma, user.id);
    expect(issued).toBe(0);
    expect(await revokeSessions(t.prisma, user.id, issued)).toBe(true);
    const next = await currentSessionEpoch(t.prisma, user.id);
    expect(next).toBe(issued + 1);
    // The copied token (epoch 0) no longer matches the user's row: getCurrentUser compares these.
    expect(tokenEpoch(issued)).not.toBe(next);
  });

  it("a revoked token cannot sign out the sessions made since, and racing sign-outs bump once", async () => {
    const user = await createTestUser(t.prisma);
    expect(await revokeSessions(t.prisma, user.id, 0)).toBe(true);
    // Someone replays the old token's sign-out: nothing happens to epoch 1's sessions.
    expect(await revokeSessions(t.prisma, user.id, 0)).toBe(false);
    expect(await currentSessionEpoch(t.prisma, user.id)).toBe(1);
    const racers = [t.newClient(2), t.newClient(2)];
    const bumps = await Promise.all(Array.from({ length: 10 }, (_, i) => revokeSessions(racers[i % 2]!, user.id, 1)));
    expect(bumps.filter(Boolean)).toHaveLength(1);
    expect(await currentSessionEpoch(t.prisma, user.id)).toBe(2);
  });

  it("tokens from before revocation existed count as epoch 0; junk is epoch 0", () => {
    expect(tokenEpoch(undefined)).toBe(0);
    expect(tokenEpoch("3")).toBe(0);
    expect(tokenEpoch(-1)).toBe(0);
    expect(tokenEpoch(2.5)).toBe(0);
    expect(tokenEpoch(4)).toBe(4);
  });
});
