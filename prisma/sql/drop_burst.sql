-- The most a drop admits in one go: five seconds of its rate (at least one). Admission is a
-- token bucket that refills at admit_per_minute and holds at most this much, so a line that
-- was empty for a while cannot let a crowd through at once, and the shuffle starts it full.
CREATE OR REPLACE FUNCTION "drop_burst"("p_per_minute" INT)
  RETURNS INT LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT GREATEST(1, ceil(p_per_minute / 12.0))::int $$;
