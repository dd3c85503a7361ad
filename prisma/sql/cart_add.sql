-- Add to cart (lib/cart/cart-lines.ts addToCart): the line, then its hold, in one statement
-- that commits in the same round trip when called on its own. A new line is created at
-- p_quantity; an existing line is raised by p_quantity (up to p_max) only when its live hold
-- covers all of it, otherwise it is reserved as it stands (a customer whose hold lapsed who
-- presses "Add to cart" again gets their line back, not twice the quantity).
-- A missing or paused listing writes nothing and answers no row; a customer the listing's drop
-- line does not admit (drop_gate) writes nothing and answers a row with only `gate` set.
CREATE OR REPLACE FUNCTION "cart_add"("p_user" UUID, "p_listing" UUID, "p_quantity" INT, "p_max" INT, "p_ttl" INTERVAL)
  RETURNS SETOF "cart_line_hold" LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_item UUID;
  v_gate TEXT;
BEGIN
  PERFORM 1 FROM listings WHERE id = p_listing AND active;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  v_gate := drop_gate(p_user, p_listing);
  IF v_gate IS NOT NULL THEN
    RETURN QUERY SELECT NULL::uuid, p_listing, 0, NULL::uuid, 0, NULL::timestamptz, NULL::uuid, 0, now(), v_gate;
    RETURN;
  END IF;
  WITH cart AS (
    INSERT INTO carts (id, user_id) VALUES (gen_random_uuid(), p_user)
    ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
    RETURNING id
  )
  INSERT INTO cart_items (id, cart_id, listing_id, quantity)
  SELECT gen_random_uuid(), cart.id, p_listing, LEAST(p_quantity, p_max) FROM cart
  ON CONFLICT (cart_id, listing_id)
    DO UPDATE SET quantity = CASE WHEN line_fully_held(cart_items.id, cart_items.quantity)
                                  THEN LEAST(cart_items.quantity + EXCLUDED.quantity, p_max)
                                  ELSE cart_items.quantity END
  RETURNING id INTO v_item;
  RETURN QUERY SELECT * FROM reserve_cart_line(v_item, p_listing, p_ttl);
END
$$;
