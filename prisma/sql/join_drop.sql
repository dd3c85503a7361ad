-- Joining a drop's line (I12): one place per account. Before the start the place is left
-- unnumbered for the start's shuffle (shuffle_drop); after it, the next number in arrival
-- order, taken from the drop row's counter while its row lock orders the joiners, so places
-- run 1..last_place without gaps. Answers the outcome and the place (null until shuffled):
--   joined     a new place
--   already    this account's place, as it was (a second tab, a double click)
--   not-found, not-open (before the line opens), closed (the drop has ended)
CREATE OR REPLACE FUNCTION "join_drop"("p_drop" UUID, "p_user" UUID)
  RETURNS TABLE ("outcome" TEXT, "place" INT) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_opens TIMESTAMPTZ;
  v_starts TIMESTAMPTZ;
  v_shuffled TIMESTAMPTZ;
  v_found BOOLEAN;
  v_place INT;
  v_id UUID;
BEGIN
  SELECT d.opens_at, d.starts_at, d.shuffled_at INTO v_opens, v_starts, v_shuffled FROM drops d WHERE d.id = p_drop;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not-found'::text, NULL::int;
    RETURN;
  END IF;
  IF now() < v_opens THEN
    RETURN QUERY SELECT 'not-open'::text, NULL::int;
    RETURN;
  END IF;
  IF now() >= drop_ends_at(p_drop) THEN
    RETURN QUERY SELECT 'closed'::text, NULL::int;
    RETURN;
  END IF;

  SELECT true, p.place INTO v_found, v_place FROM drop_places p WHERE p.drop_id = p_drop AND p.user_id = p_user;
  IF v_found AND (v_place IS NOT NULL OR v_shuffled IS NULL) THEN
    RETURN QUERY SELECT 'already'::text, v_place;
    RETURN;
  END IF;

  IF v_found IS NULL AND now() < v_starts THEN
    INSERT INTO drop_places (id, drop_id, user_id, joined_at)
    VALUES (gen_random_uuid(), p_drop, p_user, clock_timestamp())
    ON CONFLICT (drop_id, user_id) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NULL THEN
      RETURN QUERY SELECT 'already'::text, NULL::int;
      RETURN;
    END IF;
    -- The insert's key-share lock on the drop row keeps the shuffle waiting for this join; a
    -- shuffle that committed before the lock was taken could not see it: line up as a late
    -- arrival instead.
    PERFORM 1 FROM drops d WHERE d.id = p_drop AND d.shuffled_at IS NULL;
    IF FOUND THEN
      RETURN QUERY SELECT 'joined'::text, NULL::int;
      RETURN;
    END IF;
  END IF;

  PERFORM shuffle_drop(p_drop);
  UPDATE drops d SET last_place = d.last_place + 1 WHERE d.id = p_drop AND d.shuffled_at IS NOT NULL
  RETURNING d.last_place INTO v_place;
  INSERT INTO drop_places AS p (id, drop_id, user_id, joined_at, place)
  VALUES (gen_random_uuid(), p_drop, p_user, clock_timestamp(), v_place)
  ON CONFLICT (drop_id, user_id) DO UPDATE SET place = EXCLUDED.place, joined_at = EXCLUDED.joined_at
   WHERE p.place IS NULL
  RETURNING p.id INTO v_id;
  IF v_id IS NULL THEN
    -- This account's other join took a place meanwhile: the number goes back while the drop
    -- row is still locked by this transaction (nobody has taken a later one), no gap.
    UPDATE drops d SET last_place = d.last_place - 1 WHERE d.id = p_drop;
    SELECT p.place INTO v_place FROM drop_places p WHERE p.drop_id = p_drop AND p.user_id = p_user;
    RETURN QUERY SELECT 'already'::text, v_place;
    RETURN;
  END IF;
  RETURN QUERY SELECT 'joined'::text, v_place;
END
$$;
