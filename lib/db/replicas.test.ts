// Reads that may lag: a replica in time answers them; a replica that is down (a real refused
// connection) or that lacks a fresh row is passed over for the primary, and the reader sees no
// error. A lagging standby is exercised on real servers in test/faults/cluster.fault.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createReplicaReads } from "@/lib/db/replicas";
import { findFreePort } from "@/scripts/lib/embedded-postgres";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;
const closed: Db[] = [];

beforeAll(async () => {
  t = await useTestDatabase(4);
});

afterAll(async () => {
  await Promise.all(closed.map((client) => client.$disconnect()));
});

/** Which client answered: the primary's or the replica's database session. */
const whoAnswers = async (client: Db) => (client === t.prisma ? "primary" : "replica");

describe("reads that may lag (DATABASE_REPLICA_URLS)", () => {
  it("go to a replica that is in time (a server not in recovery is never behind)", async () => {
    const replica = t.newClient(2);
    const reads = createReplicaReads(t.prisma, [replica], { maxLagMs: 5_000 });
    expect(await reads.read(whoAnswers)).toBe("replica");
    expect(reads.lags()).toEqual([0]);
  });

  it("fall back to the primary, with no error, while the replica refuses connections", async () => {
    const url = new URL(t.url);
    url.port = String(await findFreePort());
    const down = createPrismaClient(url.toString(), 2, { connectionTimeoutMillis: 2_000 });
    closed.push(down);
    const passedOver: string[] = [];
    const reads = createReplicaReads(t.prisma, [down], { maxLagMs: 5_000, onPassOver: (_, why) => passedOver.push(why) });
    const answers = await Promise.all(Array.from({ length: 5 }, () => reads.read(whoAnswers)));
    expect(answers).toEqual(Array(5).fill("primary"));
    expect(reads.lags()).toEqual([null]);
    // Told once, not once per read.
    expect(passedOver).toHaveLength(1);
    expect(passedOver[0]).toMatch(/^down/);
  });

  it("ask the primary when the replica's answer may miss a fresh write, and when a read fails there", async () => {
    const replica = t.newClient(2);
    const reads = createReplicaReads(t.prisma, [replica], { maxLagMs: 5_000 });
    expect(await reads.read(async (client) => (client === t.prisma ? "found" : null), { orPrimaryIf: (found) => found === null })).toBe(
      "found",
    );
    let tries = 0;
    const answer = await reads.read(async (client) => {
      tries++;
      if (client !== t.prisma) throw new Error("canceling statement due to conflict with recovery");
      return "from the primary";
    });
    expect({ answer, tries }).toEqual({ answer: "from the primary", tries: 2 });
  });

  it("need no replica: without one every read is the primary's", async () => {
    const reads = createReplicaReads(t.prisma, [], { maxLagMs: 5_000 });
    expect(await reads.read(whoAnswers)).toBe("primary");
    expect(reads.lags()).toEqual([]);
  });
});
