-- Lapsed holds are flipped by one function, expire_holds, shared by lazy expiry
-- (expire_lapsed_holds) and the hold sweep (lib/stock/expire-holds.ts), which used to repeat its
-- statement; "live" and "lapsed" are read through hold_is_live and hold_has_lapsed everywhere.
-- Written by npm run db:migration from prisma/sql, the current home of every function.

-- Changed: prisma/sql/cart_add_batch.sql (copied as it stands; if PostgreSQL refuses to replace it, DROP it first).
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
             CASE WHEN d.granted THEN d.after ELSE v_avail END, now())::cart_line_hold
    FROM unnest(v_items, v_wanted, v_cur_ids, v_new_ids, v_granted, v_after) WITH ORDINALITY AS d(item, wanted, cur_id, new_id, granted, after, k)
    LEFT JOIN holds h ON h.id = COALESCE(d.cur_id, d.new_id)
   ORDER BY d.k;
END
$$;

-- New: prisma/sql/expire_holds.sql
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

-- Changed: prisma/sql/expire_lapsed_holds.sql (copied as it stands; if PostgreSQL refuses to replace it, DROP it first).
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

-- New: prisma/sql/hold_has_lapsed.sql
-- An ACTIVE hold past its expiry: free already (hold_is_live says it blocks nobody), waiting
-- only to be flipped to EXPIRED by expire_holds (lazily at reservation, or by the sweep).
-- Inlined like hold_is_live, so (listing_id, status, expires_at) still serves it.
CREATE OR REPLACE FUNCTION "hold_has_lapsed"("status" "hold_status", "expires_at" TIMESTAMPTZ)
  RETURNS BOOLEAN LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT "status" = 'ACTIVE' AND "expires_at" <= now() $$;

-- Changed: prisma/sql/reserve_cart_line.sql (copied as it stands; if PostgreSQL refuses to replace it, DROP it first).
-- Makes a cart line's live hold cover the line's quantity: create, grow (restarting its TTL,
-- all or nothing) or shrink it; counter, hold and ledger row in one statement (I1, I2). The
-- caller has locked the line (by writing it). The listing's lapsed holds are freed first (I3).
-- No row when the line does not exist.
-- Lock order, as everywhere: the cart line first (written, so one customer's clicks take
-- turns), then holds in id order, then listing rows FOR NO KEY UPDATE (never FOR UPDATE:
-- buyers' inserts hold key-share locks on the listing through their foreign keys).
CREATE OR REPLACE FUNCTION "reserve_cart_line"("p_item" UUID, "p_listing" UUID, "p_ttl" INTERVAL)
  RETURNS SETOF "cart_line_hold" LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  r cart_line_hold;
BEGIN
  PERFORM expire_lapsed_holds(ARRAY[p_listing], 'hold expired (freed at reservation)');

  -- Locks inside: the line's own hold (cur), then the listing row (moved).
  WITH line AS (
    SELECT ci.id, ci.listing_id, ci.quantity, c.user_id
      FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
     WHERE ci.id = p_item AND ci.listing_id = p_listing
  ), cur AS (
    SELECT h.id, h.quantity, h.expires_at, h.owner_token
      FROM holds h JOIN line ON h.cart_item_id = line.id
     WHERE hold_is_live(h.status, h.expires_at)
       FOR NO KEY UPDATE OF h
  ), want AS (
    SELECT line.quantity - COALESCE((SELECT quantity FROM cur), 0) AS delta FROM line
  ), moved AS (
    UPDATE listings l SET reserved = l.reserved + want.delta
      FROM want, line
     WHERE l.id = line.listing_id AND want.delta <> 0
       AND (want.delta < 0 OR (l.active AND l.on_hand - l.reserved >= want.delta))
     RETURNING l.id, want.delta, l.on_hand - l.reserved AS available
  ), grown AS (
    UPDATE holds h
       SET quantity = line.quantity,
           expires_at = CASE WHEN moved.delta > 0 THEN now() + p_ttl ELSE h.expires_at END
      FROM cur, moved, line
     WHERE h.id = cur.id
     RETURNING h.id, h.quantity, h.expires_at, h.owner_token
  ), created AS (
    INSERT INTO holds (id, listing_id, user_id, cart_item_id, quantity, owner_token, expires_at)
    SELECT gen_random_uuid(), line.listing_id, line.user_id, line.id, line.quantity, gen_random_uuid(), now() + p_ttl
      FROM line, moved
     WHERE NOT EXISTS (SELECT 1 FROM cur)
     RETURNING id, quantity, expires_at, owner_token
  ), ledger AS (
    INSERT INTO inventory_movements (listing_id, kind, reserved_delta, hold_id, actor_id, reason)
    SELECT moved.id,
           (CASE WHEN moved.delta > 0 THEN 'HOLD' ELSE 'RELEASE' END)::movement_kind,
           moved.delta,
           COALESCE(grown.id, created.id),
           line.user_id,
           CASE WHEN moved.delta > 0 THEN 'added to cart' ELSE 'cart quantity lowered' END
      FROM moved CROSS JOIN line
      LEFT JOIN grown ON true
      LEFT JOIN created ON true
  ), hold AS (
    SELECT id, quantity, expires_at, owner_token FROM grown
    UNION ALL SELECT id, quantity, expires_at, owner_token FROM created
    UNION ALL SELECT id, quantity, expires_at, owner_token FROM cur WHERE NOT EXISTS (SELECT 1 FROM grown)
  )
  SELECT line.id, line.listing_id, line.quantity, hold.id, COALESCE(hold.quantity, 0), hold.expires_at, hold.owner_token,
         COALESCE((SELECT available FROM moved), (SELECT on_hand - reserved FROM listings WHERE id = line.listing_id))::int,
         now()
    INTO r
    FROM line LEFT JOIN hold ON true;
  IF r.cart_item_id IS NULL THEN
    RETURN;
  END IF;

  IF r.held < r.wanted THEN
    -- A refused growth saw the row as it is now, but the statement's snapshot may predate the
    -- buyers who won: this next statement's fresh snapshot gives an honest "only N left".
    SELECT (on_hand - reserved)::int INTO r.available FROM listings WHERE id = p_listing;
  END IF;
  RETURN NEXT r;
END
$$;
