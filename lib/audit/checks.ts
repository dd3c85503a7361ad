// The invariants of DESIGN.md as audit queries over the whole database. Each query returns
// one row per violation ({ subject, detail }); an empty result means the invariant holds.
// Later capabilities add their invariants here.
import { Prisma } from "../prisma";

export interface AuditCheck {
  invariant: string;
  description: string;
  query: Prisma.Sql;
}

export const auditChecks: AuditCheck[] = [
  {
    invariant: "I1",
    description: "stock counters within bounds: 0 <= reserved <= on_hand",
    query: Prisma.sql`
      SELECT id::text AS subject,
             format('on_hand=%s reserved=%s', on_hand, reserved) AS detail
        FROM listings
       WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand`,
  },
  {
    invariant: "I1",
    description: "units sold never exceed units received (net of adjustments and returns)",
    query: Prisma.sql`
      SELECT listing_id::text AS subject,
             format('sold=%s stocked=%s', sold, stocked) AS detail
        FROM (SELECT listing_id,
                     -COALESCE(SUM(on_hand_delta) FILTER (WHERE kind = 'SALE'), 0) AS sold,
                     COALESCE(SUM(on_hand_delta) FILTER (WHERE kind <> 'SALE'), 0) AS stocked
                FROM inventory_movements GROUP BY listing_id) AS totals
       WHERE sold > stocked`,
  },
  {
    invariant: "I2",
    description: "on_hand and reserved equal the sums of the ledger",
    query: Prisma.sql`
      SELECT l.id::text AS subject,
             format('on_hand=%s ledger=%s reserved=%s ledger=%s',
                    l.on_hand, COALESCE(m.on_hand, 0), l.reserved, COALESCE(m.reserved, 0)) AS detail
        FROM listings l
        LEFT JOIN (SELECT listing_id, SUM(on_hand_delta) AS on_hand, SUM(reserved_delta) AS reserved
                     FROM inventory_movements GROUP BY listing_id) m ON m.listing_id = l.id
       WHERE l.on_hand <> COALESCE(m.on_hand, 0) OR l.reserved <> COALESCE(m.reserved, 0)`,
  },
  {
    invariant: "I2",
    description: "reserved equals the sum of active holds",
    query: Prisma.sql`
      SELECT l.id::text AS subject,
             format('reserved=%s active_holds=%s', l.reserved, COALESCE(h.held, 0)) AS detail
        FROM listings l
        LEFT JOIN (SELECT listing_id, SUM(quantity) AS held
                     FROM holds WHERE status = 'ACTIVE' GROUP BY listing_id) h ON h.listing_id = l.id
       WHERE l.reserved <> COALESCE(h.held, 0)`,
  },
];
