// The shop's invariants, by id and name: the one list is docs/DESIGN.md ("The invariants"), and
// lib/audit/invariants.test.ts keeps this copy in step with it. Audit checks and test names
// cite these ids.
export const INVARIANTS = {
  I1: "stock",
  I2: "ledger",
  I3: "holds",
  I4: "orders",
  I5: "coupons",
  I6: "flash sale",
  I7: "contacts",
  I8: "catalogue",
  I9: "checkout",
  I10: "notifications",
  I11: "waitlist",
  I12: "drop line",
  I13: "money",
} as const;

export type InvariantId = keyof typeof INVARIANTS;
