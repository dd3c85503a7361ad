-- One admission batch of a drop (I12): the next places in order, as many as the rate allows
-- since the last batch (a token bucket refilled at admit_per_minute, holding at most
-- drop_burst) and the cap leaves room for (max_admitted live admissions at once; one that
-- ended, used or not, frees its room). Shuffles first if the drop has started unshuffled.
-- Safe on every instance at once: one admitter per drop at a time (a transaction-scoped
-- advisory lock, tried, never waited for), and the mark only moves forward under the drop
-- row's lock, so no place is admitted twice or skipped. Answers the places admitted.
CREATE OR REPLACE FUNCTION "admit_drop"("p_drop" UUID)
  RETURNS TABLE ("user_id" UUID, "place" INT, "admission_ends_at" TIMESTAMPTZ) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_rate INT;
  v_cap INT;
  v_seconds INT;
  v_last INT;
  v_through INT;
  v_credit FLOAT8;
  v_credit_at TIMESTAMPTZ;
  v_live INT;
  v_n INT;
  v_now TIMESTAMPTZ;
BEGIN
  PERFORM shuffle_drop(p_drop);
  IF NOT pg_try_advisory_xact_lock(hashtextextended('admit_drop:' || p_drop::text, 0)) THEN
    RETURN;
  END IF;
  SELECT d.admit_per_minute, d.max_admitted, d.admission_seconds, d.last_place, d.admitted_through, d.admit_credit, d.credit_at
    INTO v_rate, v_cap, v_seconds, v_last, v_through, v_credit, v_credit_at
    FROM drops d
   WHERE d.id = p_drop AND d.shuffled_at IS NOT NULL
     FOR NO KEY UPDATE;
  IF NOT FOUND OR now() >= drop_ends_at(p_drop) THEN
    RETURN;
  END IF;
  -- The clock once the locks are ours, not the statement's start: batches are dated in the
  -- order they were decided, so a later place is never dated before an earlier one.
  v_now := clock_timestamp();
  v_credit := LEAST(drop_burst(v_rate)::float8, v_credit + v_rate * GREATEST(extract(epoch FROM v_now - v_credit_at), 0) / 60.0);
  v_n := LEAST(floor(v_credit)::int, v_last - v_through);
  IF v_cap IS NOT NULL AND v_n > 0 THEN
    SELECT COUNT(*)::int INTO v_live
      FROM drop_places p
     WHERE p.drop_id = p_drop AND p.admitted_at IS NOT NULL AND p.ended_at IS NULL AND p.admission_ends_at > v_now;
    v_n := LEAST(v_n, v_cap - v_live);
  END IF;
  v_n := GREATEST(v_n, 0);
  UPDATE drops d SET admitted_through = d.admitted_through + v_n, admit_credit = v_credit - v_n, credit_at = v_now
   WHERE d.id = p_drop;
  IF v_n = 0 THEN
    RETURN;
  END IF;
  RETURN QUERY
  UPDATE drop_places p
     SET admitted_at = v_now, admission_ends_at = v_now + make_interval(secs => v_seconds)
   WHERE p.drop_id = p_drop AND p.place > v_through AND p.place <= v_through + v_n
  RETURNING p.user_id, p.place, p.admission_ends_at;
END
$$;
