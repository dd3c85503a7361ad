-- Whether a cart line's live hold covers its whole quantity. The caller has locked the line
-- (it is in the middle of writing it), and holds of a line change only under that lock, except
-- the expiry flip, which touches only lapsed holds (never counted here).
CREATE OR REPLACE FUNCTION "line_fully_held"("p_item" UUID, "p_quantity" INT)
  RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT COALESCE(SUM(quantity), 0) >= p_quantity
    FROM holds
   WHERE cart_item_id = p_item AND hold_is_live(status, expires_at)
$$;
