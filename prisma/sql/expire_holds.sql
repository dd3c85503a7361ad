-- The one flip of lapsed holds to EXPIRED (docs/DESIGN.md, I2 and I3), for the holds the caller
-- chose and locked: lazy expiry (expire_lapsed_holds, waiting for holds others have locked)
-- and the sweep (lib/stock/expire-holds.ts, skipping them). Each hold flips once
-- (`AND status = 'ACTIVE'`, under its row lock), and the counter and the EXPIRE ledger rows
-- move only for what this statement flipped. Listing rows are locked in id order before any
-- is updated, FOR NO KEY UPDATE (what UPDATE itself takes; FOR UPDATE would also wait for
-- every buyer whose cart line insert holds a foreign-key share lock on the listing).
-- The ids arrive as a parameter, so the flip is planned once per connection by primary key.
CREATE OR REPLACE FUNCTION "expire_holds"("p_ids" UUID[], "p_reason" TEXT)
  RETURNS TABLE ("expired_holds" INT, "freed_units" INT) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF cardinality(p_ids) = 0 THEN
    RETURN QUERY SELECT 0, 0;
    RETURN;
  END IF;
  RETURN QUERY
  WITH expired AS (
    UPDATE holds SET status = 'EXPIRED', ended_at = now()
     WHERE id = ANY(p_ids) AND hold_has_lapsed(status, expires_at)
     RETURNING id, listing_id, quantity, order_id
  ), per_listing AS (
    SELECT listing_id, SUM(quantity)::int AS units FROM expired GROUP BY listing_id
  ), locked AS (
    SELECT l.id FROM listings l WHERE l.id IN (SELECT listing_id FROM per_listing) ORDER BY l.id FOR NO KEY UPDATE
  ), counters AS (
    UPDATE listings l SET reserved = l.reserved - p.units
      FROM per_listing p
     WHERE l.id = p.listing_id AND (SELECT COUNT(*) FROM locked) >= 0
     RETURNING l.id
  ), ledger AS (
    INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, order_id, reason)
    SELECT listing_id, 'EXPIRE', -quantity, id, order_id, p_reason FROM expired
  )
  SELECT COUNT(*)::int, COALESCE(SUM(quantity), 0)::int FROM expired;
END
$$;
