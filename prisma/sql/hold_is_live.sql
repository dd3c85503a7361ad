-- A hold blocks other buyers while it is ACTIVE and not past its expiry (docs/DESIGN.md, I3).
-- An ACTIVE hold past expires_at has lapsed: it blocks nobody, even before the sweep marks it
-- EXPIRED, because the next reservation frees it first. A plain SQL function, so the planner
-- inlines it and the holds indexes still serve every query that uses it. Every reader of
-- "live" calls this; hold_has_lapsed is its other half.
CREATE OR REPLACE FUNCTION "hold_is_live"("status" "hold_status", "expires_at" TIMESTAMPTZ)
  RETURNS BOOLEAN LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT "status" = 'ACTIVE' AND "expires_at" > now() $$;
