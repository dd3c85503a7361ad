// npm run audit: checks every invariant over the whole database; exits 1 on any violation.
import { auditInvariants, formatAuditReport } from "@/lib/audit/audit";
import { createPrismaClient } from "@/lib/db/prisma";
import { resolveDatabase } from "@/scripts/lib/database";

const database = await resolveDatabase();
const prisma = createPrismaClient(database.url, 2);
try {
  const report = await auditInvariants(prisma);
  console.log(formatAuditReport(report));
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await prisma.$disconnect();
  await database.stop();
}
