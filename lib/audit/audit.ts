import { z } from "zod";
import { auditChecks } from "@/lib/audit/checks";
import { INVARIANTS, type InvariantId } from "@/lib/audit/invariants";
import type { Db, Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";

const violationRow = z.object({ subject: col.text, detail: col.text });

export interface AuditViolation {
  invariant: InvariantId;
  description: string;
  subject: string;
  detail: string;
}

export interface AuditReport {
  ok: boolean;
  checks: number;
  violations: AuditViolation[];
}

/**
 * Runs every invariant check over the whole database in one REPEATABLE READ snapshot, so
 * the checks agree with each other even while traffic continues.
 */
export async function auditInvariants(db: Db): Promise<AuditReport> {
  const violations = await db.$transaction(
    async (tx: Tx) => {
      const found: AuditViolation[] = [];
      for (const check of auditChecks) {
        const rows = await sqlRows(tx, violationRow, check.query);
        for (const row of rows) {
          found.push({ invariant: check.invariant, description: check.description, ...row });
        }
      }
      return found;
    },
    { isolationLevel: "RepeatableRead", timeout: 60_000 },
  );
  return { ok: violations.length === 0, checks: auditChecks.length, violations };
}

export function formatAuditReport(report: AuditReport): string {
  if (report.ok) return `audit clean: ${report.checks} checks, no violations`;
  const lines = report.violations.map((v) => `  ${v.invariant} ${INVARIANTS[v.invariant]}: ${v.description}: ${v.subject} (${v.detail})`);
  return `audit found ${report.violations.length} violation(s) in ${report.checks} checks:\n${lines.join("\n")}`;
}
