-- What every cart function answers: the facts a reservation decided, read by
-- lib/stock/reserve-hold.ts (toLineHold). A type has no CREATE OR REPLACE: changing it is an
-- ALTER TYPE written by hand in a migration (npm run db:migration says so).
CREATE TYPE "cart_line_hold" AS (
  "cart_item_id" UUID,
  "listing_id" UUID,
  "wanted" INT,
  "hold_id" UUID,
  "held" INT,
  "expires_at" TIMESTAMPTZ,
  "owner_token" UUID,
  "available" INT,
  "db_now" TIMESTAMPTZ,
  -- Set when a drop's line refused the customer (drop_gate): nothing was written then.
  "gate" TEXT
);
