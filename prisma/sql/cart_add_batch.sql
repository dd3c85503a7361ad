-- Coalesced add to cart (lib/cart/coalesce.ts): many customers' adds of ONE listing, decided
-- in one transaction in arrival order (element i answers as row i), exactly as if each had
-- called cart_add in that order: growth all or nothing, and a later smaller request may still
-- fit after a larger one was refused. The listing row is locked and updated ONCE for the whole
-- batch (updating one row many times in one transaction makes every update walk a longer chain
-- of row versions), and holds and ledger rows are written set-wise.
-- Lock order as everywhere: the lines (written in user id order, so two batches never wait on
-- each other's lines crosswise), the lines' live holds in id order, then the listing row.
-- One customer appears at most once per batch (the coalescer sends a repeat in the next one).
CREATE OR REPLACE FUNCTION "cart_add_batch"("p_listing" UUID, "p_users" UUID[], "p_quantities" INT[], "p_max" INT, "p_ttl" INTERVAL)
  RETURNS TABLE ("ord" INT, "line" "cart_line_hold") LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_items UUID[];
  v_wanted INT[];
  v_cur_ids UUID[];
  v_cur_qty INT[];
  v_delta INT[];
  v_granted BOOLEAN[];
  v_after INT[];
  v_new_ids UUID[];
  v_gates TEXT[];
  v_pass INT[];
  v_active BOOLEAN;
  v_avail INT;
  v_total INT := 0;
  n INT := cardinality(p_users);
  i INT;
BEGIN
  PERFORM 1 FROM listings WHERE id = p_listing AND active;
  IF NOT FOUND OR n = 0 THEN
    RETURN;
  END IF;
  -- The listing's drop line (drop_gate) decides per customer: those it refuses write nothing
  -- and answer a row with only `gate` set; the rest are decided as a batch of their own.
  -- drop_gate answers for nobody (a NULL user) only while a drop of the listing runs.
  IF drop_gate(NULL, p_listing) IS NOT NULL THEN
    v_gates := ARRAY(SELECT drop_gate(t.u, p_listing) FROM unnest(p_users) WITH ORDINALITY AS t(u, k) ORDER BY t.k);
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(v_gates) g WHERE g IS NOT NULL) THEN
    v_pass := ARRAY(SELECT k FROM generate_subscripts(v_gates, 1) AS k WHERE v_gates[k] IS NULL ORDER BY k);
    RETURN QUERY
      SELECT v_pass[b.ord], b.line
        FROM cart_add_batch(p_listing,
                            ARRAY(SELECT p_users[k] FROM unnest(v_pass) WITH ORDINALITY AS t(k, j) ORDER BY t.j),
                            ARRAY(SELECT p_quantities[k] FROM unnest(v_pass) WITH ORDINALITY AS t(k, j) ORDER BY t.j),
                            p_max, p_ttl) b
      UNION ALL
      SELECT k::int, ROW(NULL, p_listing, 0, NULL, 0, NULL, NULL, 0, now(), v_gates[k])::cart_line_hold
        FROM generate_subscripts(v_gates, 1) AS k
       WHERE v_gates[k] IS NOT NULL;
    RETURN;
  END IF;
  WITH req AS (
    SELECT u, q, k FROM unnest(p_users, p_quantities) WITH ORDINALITY AS t(u, q, k)
  ), cart AS (
    INSERT INTO carts (id, user_id)
    SELECT gen_random_uuid(), u FROM req ORDER BY u
    ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
    RETURNING id, user_id
  ), item AS (
    INSERT INTO cart_items (id, cart_id, listing_id, quantity)
    SELECT gen_random_uuid(), cart.id, p_listing, LEAST(req.q, p_max)
      FROM req JOIN cart ON cart.user_id = req.u
     ORDER BY req.u
    ON CONFLICT (cart_id, listing_id)
      DO UPDATE SET quantity = CASE WHEN line_fully_held(cart_items.id, cart_items.quantity)
                                    THEN LEAST(cart_items.quantity + EXCLUDED.quantity, p_max)
                                    ELSE cart_items.quantity END
    RETURNING id, cart_id
  )
  SELECT array_agg(item.id ORDER BY req.k) INTO v_items
    FROM req JOIN cart ON cart.user_id = req.u JOIN item ON item.cart_id = cart.id;

  PERFORM expire_lapsed_holds(ARRAY[p_listing], 'hold expired (freed at reservation)');

  -- The lines' live holds (a customer raising a line already held), locked before the listing.
  PERFORM 1 FROM holds
    WHERE cart_item_id = ANY(v_items) AND hold_is_live(status, expires_at)
    ORDER BY id FOR NO KEY UPDATE;
  SELECT array_agg(ci.quantity ORDER BY t.k), array_agg(h.id ORDER BY t.k), array_agg(COALESCE(h.quantity, 0) ORDER BY t.k)
    INTO v_wanted, v_cur_ids, v_cur_qty
    FROM unnest(v_items) WITH ORDINALITY AS t(item, k)
    JOIN cart_items ci ON ci.id = t.item
    LEFT JOIN holds h ON h.cart_item_id = ci.id AND hold_is_live(h.status, h.expires_at);

  SELECT on_hand - reserved, active INTO v_avail, v_active FROM listings WHERE id = p_listing FOR NO KEY UPDATE;
  v_delta := array_fill(0, ARRAY[n]);
  v_granted := array_fill(false, ARRAY[n]);
  v_after := array_fill(0, ARRAY[n]);
  FOR i IN 1 .. n LOOP
    v_delta[i] := v_wanted[i] - v_cur_qty[i];
    IF v_delta[i] < 0 OR (v_delta[i] > 0 AND v_active AND v_avail >= v_delta[i]) THEN
      v_granted[i] := true;
      v_avail := v_avail - v_delta[i];
      v_total := v_total + v_delta[i];
    END IF;
    v_after[i] := v_avail;
  END LOOP;
  IF v_total <> 0 THEN
    UPDATE listings SET reserved = reserved + v_total WHERE id = p_listing;
  END IF;

  v_new_ids := ARRAY(SELECT CASE WHEN v_granted[k] AND v_cur_ids[k] IS NULL THEN gen_random_uuid() END FROM generate_series(1, n) AS k);
  UPDATE holds h
     SET quantity = d.wanted,
         expires_at = CASE WHEN d.delta > 0 THEN now() + p_ttl ELSE h.expires_at END
    FROM unnest(v_cur_ids, v_wanted, v_delta, v_granted) AS d(id, wanted, delta, granted)
   WHERE h.id = d.id AND d.granted;
  INSERT INTO holds (id, listing_id, user_id, cart_item_id, quantity, owner_token, expires_at)
  SELECT d.id, p_listing, d.user_id, d.item, d.wanted, gen_random_uuid(), now() + p_ttl
    FROM unnest(v_new_ids, p_users, v_items, v_wanted) WITH ORDINALITY AS d(id, user_id, item, wanted, k)
   WHERE d.id IS NOT NULL
   ORDER BY d.k;
  INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, actor_id, reason)
  SELECT p_listing,
         (CASE WHEN d.delta > 0 THEN 'HOLD' ELSE 'RELEASE' END)::movement_kind,
         d.delta,
         COALESCE(d.cur_id, d.new_id),
         d.user_id,
         CASE WHEN d.delta > 0 THEN 'added to cart' ELSE 'cart quantity lowered' END
    FROM unnest(v_cur_ids, v_new_ids, p_users, v_delta, v_granted) WITH ORDINALITY AS d(cur_id, new_id, user_id, delta, granted, k)
   WHERE d.granted
   ORDER BY d.k;

  RETURN QUERY
  SELECT d.k::int,
         ROW(d.item, p_listing, d.wanted, h.id, COALESCE(h.quantity, 0), h.expires_at, h.owner_token,
             CASE WHEN d.granted THEN d.after ELSE v_avail END, now(), NULL)::cart_line_hold
    FROM unnest(v_items, v_wanted, v_cur_ids, v_new_ids, v_granted, v_after) WITH ORDINALITY AS d(item, wanted, cur_id, new_id, granted, after, k)
    LEFT JOIN holds h ON h.id = COALESCE(d.cur_id, d.new_id)
   ORDER BY d.k;
END
$$;
