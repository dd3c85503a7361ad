-- An ACTIVE hold past its expiry: free already (hold_is_live says it blocks nobody), waiting
-- only to be flipped to EXPIRED by expire_holds (lazily at reservation, or by the sweep).
-- Inlined like hold_is_live, so (listing_id, status, expires_at) still serves it.
CREATE OR REPLACE FUNCTION "hold_has_lapsed"("status" "hold_status", "expires_at" TIMESTAMPTZ)
  RETURNS BOOLEAN LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT "status" = 'ACTIVE' AND "expires_at" <= now() $$;
