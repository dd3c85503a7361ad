-- "Available" has one definition, this view (docs/DESIGN.md, I3 read side). Per listing:
--   on_hand              units in the shop (the counter)
--   reserved             the counter of ACTIVE holds, lapsed ones included until swept (I1, I2)
--   live_held            units in live holds: carts and orders awaiting payment
--   live_in_carts        the part of live_held in cart holds
--   pending_order_units  the part of live_held in holds of orders awaiting payment (a paid
--                        order's holds are CONVERTED, a cancelled one's CANCELLED, so an
--                        order's ACTIVE hold means PENDING_PAYMENT)
--   lapsed_held          units in ACTIVE holds past their expiry: free, waiting for the sweep
--   available            on_hand - live_held: what anyone can reserve now
-- `available` does not look at `active`: a paused listing keeps its count (the owner sees it,
-- and a resumed listing offers it again). Customer screens leave paused listings out, or
-- show them as not for sale, from `active`. Sold units live in the ledger, not here.
-- The holds of each listing are read through LATERAL, so a query for some listings reads only
-- their ACTIVE holds through the index, never the whole holds table.
CREATE OR REPLACE VIEW "listing_stock" AS
SELECT l."id" AS "listing_id",
       l."shop_id",
       l."product_id",
       l."active",
       l."on_hand",
       l."reserved",
       h."live_held",
       h."live_in_carts",
       h."pending_order_units",
       h."lapsed_held",
       GREATEST(l."on_hand" - h."live_held", 0) AS "available"
  FROM "listings" l
  CROSS JOIN LATERAL (
    SELECT COALESCE(SUM(x."quantity") FILTER (WHERE "hold_is_live"(x."status", x."expires_at")), 0)::int AS "live_held",
           COALESCE(SUM(x."quantity") FILTER (WHERE "hold_is_live"(x."status", x."expires_at") AND x."order_id" IS NULL), 0)::int AS "live_in_carts",
           COALESCE(SUM(x."quantity") FILTER (WHERE "hold_is_live"(x."status", x."expires_at") AND x."order_id" IS NOT NULL), 0)::int AS "pending_order_units",
           COALESCE(SUM(x."quantity") FILTER (WHERE NOT "hold_is_live"(x."status", x."expires_at")), 0)::int AS "lapsed_held"
      FROM "holds" x
     WHERE x."listing_id" = l."id" AND x."status" = 'ACTIVE'
  ) h;
