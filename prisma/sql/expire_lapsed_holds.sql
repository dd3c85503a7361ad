-- Lazy expiry (docs/DESIGN.md, I3) for some listings, run by every reservation just before it
-- decides: their lapsed holds are locked in id order and flipped (expire_holds). It waits for
-- lapsed holds someone else has locked instead of skipping them: whoever holds such a lock is
-- about to free those units, and a guarded UPDATE whose guard fails on its snapshot does not
-- wait for a concurrent writer, so skipping would let an expired hold block a buyer for a
-- moment. The candidates are collected first, so the common case (nothing lapsed) costs one
-- index probe. Lock order, as everywhere: holds in id order, then listing rows in id order.
CREATE OR REPLACE FUNCTION "expire_lapsed_holds"("p_listings" UUID[], "p_reason" TEXT)
  RETURNS TABLE ("expired_holds" INT, "freed_units" INT) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_ids UUID[];
BEGIN
  v_ids := ARRAY(SELECT id FROM holds
                  WHERE listing_id = ANY(p_listings) AND hold_has_lapsed(status, expires_at)
                  ORDER BY id FOR NO KEY UPDATE);
  RETURN QUERY SELECT * FROM expire_holds(v_ids, p_reason);
END
$$;
