-- The start of a drop (I12): everyone who joined before it gets a place at random, once. Run
-- lazily by whoever first needs the line numbered after the start (a join, a place poll, the
-- admission sweep) on any instance; the first to lock the drop row numbers it, the others
-- find it done. The plain read first keeps the common case (already shuffled) lock-free.
-- FOR UPDATE waits for every join still inserting its place (each holds a key-share lock on
-- the drop row through its foreign key) and keeps new ones out until the numbering commits,
-- so no early join is left without a number. gen_random_uuid() is a strong random source:
-- nobody can predict or replay the order. Returns how many places were numbered.
CREATE OR REPLACE FUNCTION "shuffle_drop"("p_drop" UUID)
  RETURNS INT LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_rate INT;
  v_count INT;
BEGIN
  PERFORM 1 FROM drops WHERE id = p_drop AND shuffled_at IS NULL AND starts_at <= now();
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  SELECT admit_per_minute INTO v_rate FROM drops WHERE id = p_drop AND shuffled_at IS NULL FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  WITH numbered AS (
    SELECT id, row_number() OVER (ORDER BY gen_random_uuid())::int AS n
      FROM drop_places
     WHERE drop_id = p_drop AND place IS NULL
  )
  UPDATE drop_places p SET place = numbered.n, shuffled = true
    FROM numbered
   WHERE p.id = numbered.id;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  -- The clock after the locks, not the statement's start: a shuffle that waited for the last
  -- early joiners is dated after them.
  UPDATE drops
     SET shuffled_at = clock_timestamp(), last_place = v_count, admit_credit = drop_burst(v_rate), credit_at = clock_timestamp()
   WHERE id = p_drop;
  RETURN v_count;
END
$$;
