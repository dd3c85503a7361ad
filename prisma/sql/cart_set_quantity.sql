-- Change a line's quantity (>= 1; removing is another step): the customer's own line only.
CREATE OR REPLACE FUNCTION "cart_set_quantity"("p_user" UUID, "p_item" UUID, "p_quantity" INT, "p_max" INT, "p_ttl" INTERVAL)
  RETURNS SETOF "cart_line_hold" LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_listing UUID;
BEGIN
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
