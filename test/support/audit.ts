import { expect } from "vitest";
import { auditInvariants } from "@/lib/audit/audit";
import type { Db } from "@/lib/db/prisma";

/** Every invariant holds over the whole test database; a failure lists each violation. */
export async function expectAuditClean(db: Db): Promise<void> {
  const report = await auditInvariants(db);
  expect(report.violations).toEqual([]);
}
