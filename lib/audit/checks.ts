// The invariants (docs/DESIGN.md, lib/audit/invariants.ts) as audit queries over the whole
// database. Each query returns one row per violation ({ subject, detail }); an empty result
// means the invariant holds. Later capabilities add their invariants here.
import type { InvariantId } from "@/lib/audit/invariants";
import { Prisma } from "@/lib/db/prisma";

export interface AuditCheck {
  invariant: InvariantId;
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
  {
    invariant: "I7",
    description: "every account holds exactly one email claim and one phone claim",
    query: Prisma.sql`
      SELECT u.id::text AS subject,
             format('email_claims=%s phone_claims=%s', COALESCE(c.emails, 0), COALESCE(c.phones, 0)) AS detail
        FROM users u
        LEFT JOIN (SELECT user_id,
                          count(*) FILTER (WHERE kind = 'EMAIL') AS emails,
                          count(*) FILTER (WHERE kind = 'PHONE') AS phones
                     FROM contact_claims GROUP BY user_id) c ON c.user_id = u.id
       WHERE COALESCE(c.emails, 0) <> 1 OR COALESCE(c.phones, 0) <> 1`,
  },
  {
    // The digests cannot be recomputed without the secret, so the audit checks the other
    // side: the stored contacts themselves are normalised and never shared.
    invariant: "I7",
    description: "no two accounts share a normalised email or phone",
    query: Prisma.sql`
      SELECT string_agg(id::text, ',' ORDER BY id) AS subject,
             format('%s accounts share one %s', count(*), kind) AS detail
        FROM (SELECT id, 'email' AS kind, lower(btrim(email)) AS contact FROM users
              UNION ALL
              SELECT id, 'phone', phone FROM users) AS contacts
       GROUP BY kind, contact
      HAVING count(*) > 1`,
  },
  {
    invariant: "I7",
    description: "stored contacts are in normal form (email trimmed and lower-cased, phone in E.164)",
    query: Prisma.sql`
      SELECT id::text AS subject,
             CASE WHEN email <> lower(btrim(email)) THEN 'email not normalised' ELSE 'phone not E.164' END AS detail
        FROM users
       WHERE email <> lower(btrim(email)) OR phone !~ '^[+][1-9][0-9]{6,14}$'`,
  },
  {
    invariant: "I2",
    description: "each hold's ledger rows add up to what it holds now (ACTIVE: its quantity; ended: 0)",
    query: Prisma.sql`
      SELECT h.id::text AS subject,
             format('status=%s quantity=%s ledger_reserved=%s', h.status, h.quantity, COALESCE(m.reserved, 0)) AS detail
        FROM holds h
        LEFT JOIN (SELECT hold_id, SUM(reserved_delta) AS reserved
                     FROM inventory_movements WHERE hold_id IS NOT NULL GROUP BY hold_id) m ON m.hold_id = h.id
       WHERE COALESCE(m.reserved, 0) <> CASE WHEN h.status = 'ACTIVE' THEN h.quantity ELSE 0 END`,
  },
  {
    invariant: "I3",
    description: "a hold is expired, cancelled or sold at most once (no duplicate ending rows)",
    query: Prisma.sql`
      SELECT hold_id::text AS subject, format('%s ending rows: %s', COUNT(*), string_agg(kind::text, ',')) AS detail
        FROM inventory_movements
       WHERE hold_id IS NOT NULL AND kind IN ('EXPIRE', 'CANCEL', 'SALE')
       GROUP BY hold_id
      HAVING COUNT(*) > 1`,
  },
  {
    invariant: "I3",
    description: "no live hold on a cancelled or paid order",
    query: Prisma.sql`
      SELECT h.id::text AS subject, format('hold ACTIVE on %s order %s', o.status, o.id) AS detail
        FROM holds h JOIN orders o ON o.id = h.order_id
       WHERE h.status = 'ACTIVE' AND o.status <> 'PENDING_PAYMENT'`,
  },
  {
    invariant: "I4",
    description: "no order is both paid and cancelled",
    query: Prisma.sql`
      SELECT id::text AS subject, format('status=%s paid_at=%s cancelled_at=%s', status, paid_at, cancelled_at) AS detail
        FROM orders
       WHERE (paid_at IS NOT NULL AND cancelled_at IS NOT NULL)
          OR (status = 'PAID' AND (paid_at IS NULL OR cancelled_at IS NOT NULL))
          OR (status = 'CANCELLED' AND (cancelled_at IS NULL OR paid_at IS NOT NULL))`,
  },
  {
    invariant: "I4",
    description: "a cancelled order returned its held units exactly once and sold nothing",
    query: Prisma.sql`
      SELECT o.id::text AS subject,
             format('held=%s returned=%s sold=%s', COALESCE(h.held, 0), COALESCE(-m.returned, 0), COALESCE(-m.sold, 0)) AS detail
        FROM orders o
        LEFT JOIN (SELECT order_id, SUM(quantity) AS held FROM holds
                    WHERE order_id IS NOT NULL GROUP BY order_id) h ON h.order_id = o.id
        LEFT JOIN (SELECT order_id,
                          SUM(reserved_delta) FILTER (WHERE kind IN ('CANCEL', 'EXPIRE', 'RELEASE')) AS returned,
                          SUM(on_hand_delta) FILTER (WHERE kind = 'SALE') AS sold
                     FROM inventory_movements WHERE order_id IS NOT NULL GROUP BY order_id) m ON m.order_id = o.id
       WHERE o.status = 'CANCELLED'
         AND (COALESCE(-m.returned, 0) <> COALESCE(h.held, 0) OR COALESCE(m.sold, 0) <> 0)`,
  },
  {
    invariant: "I4",
    description: "a paid order sold exactly its items, from its own holds",
    query: Prisma.sql`
      SELECT o.id::text AS subject,
             format('items=%s converted_holds=%s sold=%s', COALESCE(i.units, 0), COALESCE(h.units, 0), COALESCE(-m.sold, 0)) AS detail
        FROM orders o
        LEFT JOIN (SELECT order_id, SUM(quantity) AS units FROM order_items GROUP BY order_id) i ON i.order_id = o.id
        LEFT JOIN (SELECT order_id, SUM(quantity) AS units FROM holds
                    WHERE status = 'CONVERTED' GROUP BY order_id) h ON h.order_id = o.id
        LEFT JOIN (SELECT order_id, SUM(on_hand_delta) FILTER (WHERE kind = 'SALE') AS sold
                     FROM inventory_movements WHERE order_id IS NOT NULL GROUP BY order_id) m ON m.order_id = o.id
       WHERE o.status = 'PAID'
         AND (COALESCE(i.units, 0) <> COALESCE(h.units, 0) OR COALESCE(-m.sold, 0) <> COALESCE(i.units, 0))`,
  },
  {
    // The unique index on identity_key makes one product per key; this checks that each key
    // is the identity its brand, model and variant spell (lib/catalogue/identity.ts), so two
    // spellings of one product can never hold two keys.
    invariant: "I8",
    description: "every product's identity key is its normalised brand | model | variant",
    query: Prisma.sql`
      SELECT id::text AS subject, format('identity_key=%s expected=%s', identity_key, expected) AS detail
        FROM (SELECT id, identity_key,
                     concat_ws('|',
                       lower(regexp_replace(regexp_replace(brand, '^[[:space:]]+|[[:space:]]+$', '', 'g'), '[[:space:]]+', ' ', 'g')),
                       lower(regexp_replace(regexp_replace(model, '^[[:space:]]+|[[:space:]]+$', '', 'g'), '[[:space:]]+', ' ', 'g')),
                       lower(regexp_replace(regexp_replace(variant, '^[[:space:]]+|[[:space:]]+$', '', 'g'), '[[:space:]]+', ' ', 'g'))
                     ) AS expected
                FROM products) AS keyed
       WHERE identity_key <> expected`,
  },
  {
    invariant: "I9",
    description:
      "every checkout saga is finished (COMPLETED or COMPENSATED) or leased by a worker (a stalled one is recovered within minutes)",
    query: Prisma.sql`
      SELECT id::text AS subject, format('status=%s step=%s locked_until=%s', status, current_step, locked_until) AS detail
        FROM checkout_sagas
       WHERE status IN ('RUNNING', 'COMPENSATING') AND (locked_until IS NULL OR locked_until < now() - interval '5 minutes')`,
  },
  {
    invariant: "I9",
    description: "payment captured at most once per order, and a paid order (with something to pay) has its capture",
    query: Prisma.sql`
      SELECT o.id::text AS subject, format('status=%s total=%s captures=%s', o.status, o.total_cents, COALESCE(p.captures, 0)) AS detail
        FROM orders o
        LEFT JOIN (SELECT order_id, COUNT(*) AS captures FROM payments
                    WHERE status IN ('CAPTURED', 'REFUNDED') GROUP BY order_id) p ON p.order_id = o.id
       WHERE COALESCE(p.captures, 0) > 1 OR (o.status = 'PAID' AND o.total_cents > 0 AND COALESCE(p.captures, 0) <> 1)`,
  },
  {
    invariant: "I9",
    description: "no money kept without a sale: a capture on an order that is not paid is refunded once its saga ended",
    query: Prisma.sql`
      SELECT p.id::text AS subject, format('payment CAPTURED on %s order %s', o.status, o.id) AS detail
        FROM payments p JOIN orders o ON o.id = p.order_id
       WHERE p.status = 'CAPTURED' AND o.status <> 'PAID'
         AND NOT EXISTS (SELECT 1 FROM checkout_sagas s WHERE s.id = p.saga_id AND s.status IN ('RUNNING', 'COMPENSATING'))`,
  },
  {
    invariant: "I9",
    description: "a compensated saga kept no money: its payment was declined, never made, or refunded",
    query: Prisma.sql`
      SELECT s.id::text AS subject, format('order=%s payment=%s', s.order_id, p.id) AS detail
        FROM checkout_sagas s JOIN payments p ON p.saga_id = s.id
       WHERE s.status = 'COMPENSATED' AND p.status IN ('CAPTURED', 'PENDING')`,
  },
  {
    invariant: "I10",
    description: "every state change the customer must hear of has its notification (paid, cancelled, checkout failed)",
    query: Prisma.sql`
      SELECT o.id::text AS subject, format('%s order without its notification', o.status) AS detail
        FROM orders o
       WHERE (o.status = 'PAID' AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = 'order-confirmed:' || o.id::text))
          OR (o.status = 'CANCELLED' AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = o.user_id AND n.payload->>'orderId' = o.id::text))
      UNION ALL
      SELECT s.id::text, format('saga %s (%s) without its notification', s.status, s.failure_code)
        FROM checkout_sagas s
       WHERE s.status = 'COMPENSATED'
         AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key IN ('payment-declined:' || s.id::text, 'sold-out-in-cart:' || s.id::text, 'payment-refunded:' || s.id::text))`,
  },
  {
    invariant: "I5",
    description: "coupons issued never exceed the campaign's limit, and the counter equals the coupons granted",
    query: Prisma.sql`
      SELECT c.id::text AS subject, format('limit=%s issued=%s grants=%s', c.limit_count, c.issued, COALESCE(g.grants, 0)) AS detail
        FROM coupon_campaigns c
        LEFT JOIN (SELECT campaign_id, COUNT(*) AS grants FROM coupon_grants GROUP BY campaign_id) g ON g.campaign_id = c.id
       WHERE c.issued > c.limit_count OR c.issued <> COALESCE(g.grants, 0)`,
  },
  {
    // (campaign, sequence) is unique, so numbers that start at 1 and end at the count are 1..N.
    invariant: "I5",
    description: "coupon numbers run 1..N in each campaign, without gaps or repeats",
    query: Prisma.sql`
      SELECT campaign_id::text AS subject,
             format('grants=%s distinct=%s min=%s max=%s', COUNT(*), COUNT(DISTINCT sequence), MIN(sequence), MAX(sequence)) AS detail
        FROM coupon_grants
       GROUP BY campaign_id
      HAVING MIN(sequence) <> 1 OR MAX(sequence) <> COUNT(*) OR COUNT(DISTINCT sequence) <> COUNT(*)`,
  },
  {
    invariant: "I5",
    description: "at most one coupon per customer and campaign",
    query: Prisma.sql`
      SELECT campaign_id::text || ':' || user_id::text AS subject, format('%s coupons', COUNT(*)) AS detail
        FROM coupon_grants GROUP BY campaign_id, user_id HAVING COUNT(*) > 1`,
  },
  {
    invariant: "I5",
    description:
      "a redeemed coupon was used by its own customer, on an order that is paid or still checking out (a failed checkout gives it back)",
    query: Prisma.sql`
      SELECT g.id::text AS subject, format('order=%s status=%s coupon_user=%s order_user=%s', o.id, o.status, g.user_id, o.user_id) AS detail
        FROM coupon_grants g JOIN orders o ON o.id = g.order_id
       WHERE o.user_id <> g.user_id
          OR (o.status <> 'PAID'
              AND NOT EXISTS (SELECT 1 FROM checkout_sagas s WHERE s.order_id = o.id AND s.status IN ('RUNNING', 'COMPENSATING')))`,
  },
  {
    invariant: "I6",
    description: "discounted slots taken never exceed K, and the counter equals the claims not released",
    query: Prisma.sql`
      SELECT fs.id::text AS subject, format('slots=%s claimed=%s live_claims=%s', fs.slots, fs.claimed, COALESCE(c.live, 0)) AS detail
        FROM flash_sales fs
        LEFT JOIN (SELECT flash_sale_id, COUNT(*) AS live FROM flash_sale_claims
                    WHERE status IN ('CLAIMED', 'CONSUMED') GROUP BY flash_sale_id) c ON c.flash_sale_id = fs.id
       WHERE fs.claimed > fs.slots OR fs.claimed <> COALESCE(c.live, 0)`,
  },
  {
    invariant: "I6",
    description: "at most one slot per customer and sale",
    query: Prisma.sql`
      SELECT flash_sale_id::text || ':' || user_id::text AS subject, format('%s live claims', COUNT(*)) AS detail
        FROM flash_sale_claims WHERE status <> 'RELEASED' GROUP BY flash_sale_id, user_id HAVING COUNT(*) > 1`,
  },
  {
    invariant: "I6",
    description: "a slot is held only while its checkout runs: consumed by a paid order, released when the checkout failed",
    query: Prisma.sql`
      SELECT c.id::text AS subject, format('claim %s on %s order %s', c.status, COALESCE(o.status::text, 'no'), c.order_id) AS detail
        FROM flash_sale_claims c LEFT JOIN orders o ON o.id = c.order_id
       WHERE (c.status = 'CONSUMED' AND o.status IS DISTINCT FROM 'PAID')
          OR (c.status = 'CLAIMED'
              AND NOT EXISTS (SELECT 1 FROM checkout_sagas s WHERE s.order_id = c.order_id AND s.status IN ('RUNNING', 'COMPENSATING')))`,
  },
  {
    // Sale prices and coupons are the only discounts: a paid order whose discount is not what
    // its slots and coupon gave is a discount nobody won (a buyer past the K-th at the sale price).
    invariant: "I6",
    description: "a paid order's discount is exactly what its flash-sale slots and coupon gave",
    query: Prisma.sql`
      SELECT o.id::text AS subject,
             format('order_discount=%s lines=%s slots=%s coupon=%s', o.discount_cents, COALESCE(i.d, 0), COALESCE(f.d, 0), COALESCE(g.d, 0)) AS detail
        FROM orders o
        LEFT JOIN (SELECT order_id, SUM(discount_cents) AS d FROM order_items GROUP BY order_id) i ON i.order_id = o.id
        LEFT JOIN (SELECT order_id, SUM(discount_cents) AS d FROM flash_sale_claims WHERE status = 'CONSUMED' GROUP BY order_id) f ON f.order_id = o.id
        LEFT JOIN (SELECT order_id, SUM(discount_cents) AS d FROM coupon_grants WHERE order_id IS NOT NULL GROUP BY order_id) g ON g.order_id = o.id
       WHERE o.status = 'PAID'
         AND (o.discount_cents <> COALESCE(i.d, 0) OR o.discount_cents <> COALESCE(f.d, 0) + COALESCE(g.d, 0))`,
  },
  {
    // The waitlist's promise is a hold (lib/waitlist/offer-freed-units.ts): an offer names the
    // hold reserved for that customer on that listing, never someone else's or another item's.
    invariant: "I11",
    description: "every offered waitlist entry names a hold of the same customer and listing",
    query: Prisma.sql`
      SELECT w.id::text AS subject,
             format('entry user=%s listing=%s; hold %s user=%s listing=%s', w.user_id, w.listing_id, w.hold_id, h.user_id, h.listing_id) AS detail
        FROM waitlist_entries w LEFT JOIN holds h ON h.id = w.hold_id
       WHERE w.status = 'OFFERED' AND (h.id IS NULL OR h.user_id <> w.user_id OR h.listing_id <> w.listing_id)`,
  },
  {
    // The line is numbered once (the shuffle, then arrivals): 1..last_place, each once, nobody
    // left without a number after the start, nobody numbered before it.
    invariant: "I12",
    description: "a drop's places run 1..last_place without gaps or repeats once numbered, and none is numbered before the shuffle",
    query: Prisma.sql`
      SELECT d.id::text AS subject,
             format('shuffled=%s last_place=%s numbered=%s highest=%s unnumbered=%s', d.shuffled_at IS NOT NULL, d.last_place,
                    count(p.place), COALESCE(max(p.place), 0), count(p.id) FILTER (WHERE p.place IS NULL)) AS detail
        FROM drops d LEFT JOIN drop_places p ON p.drop_id = d.id
       GROUP BY d.id
      HAVING CASE WHEN d.shuffled_at IS NULL THEN count(p.place) > 0 OR d.last_place <> 0
                  ELSE count(p.place) <> d.last_place OR COALESCE(max(p.place), 0) <> d.last_place
                       OR count(p.id) FILTER (WHERE p.place IS NULL) > 0 END`,
  },
  {
    invariant: "I12",
    description: "exactly the places up to a drop's admitted-so-far mark are admitted",
    query: Prisma.sql`
      SELECT p.id::text AS subject, format('place=%s mark=%s admitted_at=%s', p.place, d.admitted_through, p.admitted_at) AS detail
        FROM drop_places p JOIN drops d ON d.id = p.drop_id
       WHERE (p.admitted_at IS NOT NULL) <> (p.place IS NOT NULL AND p.place <= d.admitted_through)`,
  },
  {
    invariant: "I12",
    description: "admitted strictly in place order: no place was admitted before an earlier one",
    query: Prisma.sql`
      SELECT id::text AS subject, format('place %s admitted %s, before place %s (%s)', place, admitted_at, place - 1, previous) AS detail
        FROM (SELECT p.id, p.place, p.admitted_at, lag(p.admitted_at) OVER (PARTITION BY p.drop_id ORDER BY p.place) AS previous
                FROM drop_places p WHERE p.admitted_at IS NOT NULL) ordered
       WHERE admitted_at < previous`,
  },
  {
    // After the start there is no shuffle: whoever arrived first stands first.
    invariant: "I12",
    description: "places taken after the start follow arrival order; shuffled places were all taken before the shuffle",
    query: Prisma.sql`
      SELECT id::text AS subject, detail FROM (
        SELECT p.id, format('place %s joined %s, after place %s (%s)', p.place, p.joined_at, p.place, lag(p.joined_at) OVER w) AS detail,
               p.joined_at < lag(p.joined_at) OVER w AS out_of_order
          FROM drop_places p WHERE NOT p.shuffled AND p.place IS NOT NULL
        WINDOW w AS (PARTITION BY p.drop_id ORDER BY p.place)
      ) late
       WHERE out_of_order
      UNION ALL
      SELECT p.id::text, format('shuffled place %s joined %s, after the shuffle at %s', p.place, p.joined_at, d.shuffled_at)
        FROM drop_places p JOIN drops d ON d.id = p.drop_id
       WHERE p.shuffled AND (d.shuffled_at IS NULL OR p.joined_at > d.shuffled_at)`,
  },
  {
    // The token bucket starts full (drop_burst) at the shuffle and refills at the rate: by any
    // moment, no more were admitted than that allows.
    invariant: "I12",
    description:
      "admitted no faster than the drop's rate: by each admission, at most the burst plus the rate times the time since the start",
    query: Prisma.sql`
      SELECT p.id::text AS subject,
             format('place %s admitted %s s after the shuffle; the rate %s/min allows %s', p.place,
                    round(extract(epoch FROM p.admitted_at - d.shuffled_at)::numeric, 3), d.admit_per_minute,
                    drop_burst(d.admit_per_minute) + floor(d.admit_per_minute * extract(epoch FROM p.admitted_at - d.shuffled_at) / 60.0 + 1e-6)) AS detail
        FROM drop_places p JOIN drops d ON d.id = p.drop_id
       WHERE p.admitted_at IS NOT NULL
         AND p.place > drop_burst(d.admit_per_minute) + floor(d.admit_per_minute * extract(epoch FROM p.admitted_at - d.shuffled_at) / 60.0 + 1e-6)`,
  },
  {
    invariant: "I12",
    description: "never more admissions live at once than a drop's cap",
    query: Prisma.sql`
      SELECT p.id::text AS subject, format('%s live when place %s was admitted; cap %s', live.n, p.place, d.max_admitted) AS detail
        FROM drop_places p JOIN drops d ON d.id = p.drop_id
       CROSS JOIN LATERAL (
         SELECT count(*) AS n FROM drop_places q
          WHERE q.drop_id = p.drop_id AND q.admitted_at <= p.admitted_at
            AND LEAST(COALESCE(q.ended_at, 'infinity'), q.admission_ends_at) > p.admitted_at
       ) live
       WHERE d.max_admitted IS NOT NULL AND p.admitted_at IS NOT NULL AND live.n > d.max_admitted`,
  },
  {
    // The gate (prisma/sql/drop_gate.sql): while a drop runs, every unit of its listing
    // reserved for a customer was reserved during that customer's live admission. A drop runs
    // from its line's opening, or from its creation when that came later (a sale set up less
    // than its line's lead before its start): a hold made before the drop existed passed no
    // gate, and needed none.
    invariant: "I12",
    description: "no unit of a running drop's listing was reserved for a customer without a live admission at that moment",
    query: Prisma.sql`
      SELECT m.id::text AS subject, format('HOLD of %s units by %s at %s, during drop %s', m.reserved_delta, m.actor_id, m.created_at, d.id) AS detail
        FROM inventory_movements m
        JOIN drops d ON d.listing_id = m.listing_id
        JOIN flash_sales fs ON fs.id = d.flash_sale_id
       WHERE m.kind = 'HOLD' AND m.actor_id IS NOT NULL
         AND m.created_at >= GREATEST(d.opens_at, d.created_at) AND m.created_at < LEAST(fs.ends_at, fs.ended_early_at)
         AND NOT EXISTS (SELECT 1 FROM drop_places p
                          WHERE p.drop_id = d.id AND p.user_id = m.actor_id AND p.admitted_at <= m.created_at
                            AND LEAST(COALESCE(p.ended_at, 'infinity'), p.admission_ends_at) > m.created_at)`,
  },
  {
    invariant: "I12",
    description:
      "an admission used up was used by its own customer: a paid order of the drop's listing, or a coupon of the drop's campaign",
    query: Prisma.sql`
      SELECT p.id::text AS subject, format('%s by %s in drop %s', p.end_reason, p.user_id, p.drop_id) AS detail
        FROM drop_places p JOIN drops d ON d.id = p.drop_id
       WHERE (p.end_reason = 'purchased'
              AND NOT EXISTS (SELECT 1 FROM orders o JOIN order_items i ON i.order_id = o.id
                               WHERE o.user_id = p.user_id AND o.status = 'PAID' AND i.listing_id = d.listing_id))
          OR (p.end_reason = 'claimed'
              AND NOT EXISTS (SELECT 1 FROM coupon_grants g WHERE g.user_id = p.user_id AND g.campaign_id = d.campaign_id))`,
  },
  {
    invariant: "I13",
    description: "refunded <= captured: no payment gives back more than it took, and only a captured one gives back",
    query: Prisma.sql`
      SELECT p.id::text AS subject, format('amount=%s refunded=%s captured_at=%s', p.amount_cents, p.refunded_cents, p.captured_at) AS detail
        FROM payments p
       WHERE p.refunded_cents < 0 OR p.refunded_cents > p.amount_cents OR (p.refunded_cents > 0 AND p.captured_at IS NULL)`,
  },
  {
    invariant: "I13",
    description:
      "a payment's refunded amount is the sum of its refunds not failed, and it is REFUNDED exactly when settled refunds cover it",
    query: Prisma.sql`
      SELECT p.id::text AS subject,
             format('status=%s refunded_cents=%s refunds=%s settled=%s amount=%s', p.status, p.refunded_cents, COALESCE(r.live, 0),
                    COALESCE(r.settled, 0), p.amount_cents) AS detail
        FROM payments p
        LEFT JOIN (SELECT payment_id, SUM(amount_cents) FILTER (WHERE status <> 'FAILED') AS live,
                          SUM(amount_cents) FILTER (WHERE status = 'SUCCEEDED') AS settled
                     FROM refunds GROUP BY payment_id) r ON r.payment_id = p.id
       WHERE p.refunded_cents <> COALESCE(r.live, 0)
          OR (p.status = 'REFUNDED') <> (p.captured_at IS NOT NULL AND COALESCE(r.settled, 0) = p.amount_cents)`,
  },
  {
    invariant: "I13",
    description: "an owner's refund gives back what its lines add up to, and no line more units than it had",
    query: Prisma.sql`
      SELECT r.id::text AS subject, format('amount=%s lines=%s', r.amount_cents, COALESCE(SUM(ri.amount_cents), 0)) AS detail
        FROM refunds r LEFT JOIN refund_items ri ON ri.refund_id = r.id
       WHERE r.source = 'owner'
       GROUP BY r.id
      HAVING r.amount_cents <> COALESCE(SUM(ri.amount_cents), 0)
      UNION ALL
      SELECT oi.id::text, format('quantity=%s refunded=%s refunded_cents=%s due=%s', oi.quantity, SUM(ri.quantity), SUM(ri.amount_cents),
                                 oi.quantity * oi.unit_price_cents - oi.discount_cents)
        FROM order_items oi JOIN refund_items ri ON ri.order_item_id = oi.id JOIN refunds r ON r.id = ri.refund_id AND r.status <> 'FAILED'
       GROUP BY oi.id
      HAVING SUM(ri.quantity) > oi.quantity OR SUM(ri.amount_cents) > oi.quantity * oi.unit_price_cents - oi.discount_cents`,
  },
  {
    invariant: "I13",
    description:
      "a settled refund's units are in the ledger (RETURN per listing, and the ADJUST writing them off when not restocked); an unsettled one moved nothing",
    query: Prisma.sql`
      WITH expected AS (
        SELECT r.id AS refund_id, oi.listing_id, SUM(ri.quantity)::int AS quantity, r.restock, r.status
          FROM refunds r JOIN refund_items ri ON ri.refund_id = r.id JOIN order_items oi ON oi.id = ri.order_item_id
         GROUP BY r.id, oi.listing_id
      ), moved AS (
        SELECT refund_id, listing_id,
               COALESCE(SUM(on_hand_delta) FILTER (WHERE kind = 'RETURN'), 0)::int AS returned,
               COALESCE(SUM(on_hand_delta) FILTER (WHERE kind = 'ADJUST'), 0)::int AS adjusted
          FROM inventory_movements WHERE refund_id IS NOT NULL
         GROUP BY refund_id, listing_id
      )
      SELECT COALESCE(e.refund_id, m.refund_id)::text AS subject,
             format('listing=%s status=%s restock=%s quantity=%s returned=%s adjusted=%s', COALESCE(e.listing_id, m.listing_id), e.status,
                    e.restock, e.quantity, COALESCE(m.returned, 0), COALESCE(m.adjusted, 0)) AS detail
        FROM expected e FULL JOIN moved m ON m.refund_id = e.refund_id AND m.listing_id = e.listing_id
       WHERE e.refund_id IS NULL
          OR COALESCE(m.returned, 0) <> CASE WHEN e.status = 'SUCCEEDED' THEN e.quantity ELSE 0 END
          OR COALESCE(m.adjusted, 0) <> CASE WHEN e.status = 'SUCCEEDED' AND NOT e.restock THEN -e.quantity ELSE 0 END`,
  },
  {
    invariant: "I13",
    description: "no webhook event was left recorded but unhandled for over an hour (the provider's retries handle it)",
    query: Prisma.sql`
      SELECT event_id AS subject, format('%s received %s', type, received_at) AS detail
        FROM payment_webhook_events
       WHERE handled_at IS NULL AND received_at < now() - interval '1 hour'`,
  },
];
