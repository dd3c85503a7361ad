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
         now(), NULL::text
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
