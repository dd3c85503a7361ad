-- Change a line's quantity (>= 1; removing is another step): the customer's own line only.
-- Asking for more than the line's live hold covers (a raise, or "Reserve again") takes units,
-- so the listing's drop line must admit the customer (drop_gate): otherwise nothing is written
-- and the answer is the line as it is, with `gate` set. Lowering is always allowed.
CREATE OR REPLACE FUNCTION "cart_set_quantity"("p_user" UUID, "p_item" UUID, "p_quantity" INT, "p_max" INT, "p_ttl" INTERVAL)
  RETURNS SETOF "cart_line_hold" LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_listing UUID;
  v_wanted INT;
  v_held INT;
  v_gate TEXT;
BEGIN
  SELECT ci.listing_id, ci.quantity,
         COALESCE((SELECT SUM(h.quantity) FROM holds h WHERE h.cart_item_id = ci.id AND hold_is_live(h.status, h.expires_at)), 0)::int
    INTO v_listing, v_wanted, v_held
    FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
   WHERE ci.id = p_item AND c.user_id = p_user;
  IF v_listing IS NULL THEN
    RETURN;
  END IF;
  IF LEAST(p_quantity, p_max) > v_held THEN
    v_gate := drop_gate(p_user, v_listing);
    IF v_gate IS NOT NULL THEN
      RETURN QUERY SELECT p_item, v_listing, v_wanted, NULL::uuid, v_held, NULL::timestamptz, NULL::uuid, 0, now(), v_gate;
      RETURN;
    END IF;
  END IF;
  UPDATE cart_items ci SET quantity = LEAST(p_quantity, p_max)
    FROM carts c
   WHERE ci.id = p_item AND c.id = ci.cart_id AND c.user_id = p_user
  RETURNING ci.listing_id INTO v_listing;
  IF v_listing IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT * FROM reserve_cart_line(p_item, v_listing, p_ttl);
END
$$;
