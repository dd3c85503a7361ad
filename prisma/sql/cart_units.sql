-- The units in a customer's cart (the header's badge), answered by add to cart beside its line
-- (lib/cart/cart-lines.ts) so the action needs no second round trip for it. Called in the same
-- statement as cart_add / cart_add_batch, after their rows are made (a function in FROM runs to
-- completion first); VOLATILE, so its query takes a fresh snapshot and counts what the add
-- just wrote (a STABLE function would read with the calling statement's snapshot, from before).
CREATE OR REPLACE FUNCTION "cart_units"("p_user" UUID)
  RETURNS INT LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN (SELECT COALESCE(SUM(i.quantity), 0)::int
            FROM carts c JOIN cart_items i ON i.cart_id = c.id
           WHERE c.user_id = p_user);
END
$$;
