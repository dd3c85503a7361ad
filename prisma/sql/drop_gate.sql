-- The drop line's gate on a listing (docs/DESIGN.md, I12), called by every path that takes
-- units of it for a customer: add to cart (cart_add, cart_add_batch), a raised or re-reserved
-- cart line (cart_set_quantity) and placing or paying an order (lib/drops/gate.ts). While a
-- drop of the listing runs (from its line's opening to the sale's end), only a customer with
-- a live admission passes. NULL means pass; otherwise why not:
--   drop-join-line    not in the line
--   drop-wait-turn    in the line, not admitted yet
--   drop-turn-ended   admitted, but the admission ran out or was used (a purchase)
-- One index probe on drops (listing_id) when the listing has no drop.
CREATE OR REPLACE FUNCTION "drop_gate"("p_user" UUID, "p_listing" UUID)
  RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT refusal FROM (
    SELECT CASE WHEN p.id IS NULL THEN 'drop-join-line'
                WHEN p.admitted_at IS NULL THEN 'drop-wait-turn'
                WHEN p.ended_at IS NOT NULL OR p.admission_ends_at <= now() THEN 'drop-turn-ended'
           END AS refusal
      FROM drops d
      JOIN flash_sales fs ON fs.id = d.flash_sale_id
      LEFT JOIN drop_places p ON p.drop_id = d.id AND p.user_id = p_user
     WHERE d.listing_id = p_listing AND d.opens_at <= now() AND now() < LEAST(fs.ends_at, fs.ended_early_at)
  ) gates
  ORDER BY refusal NULLS LAST
  LIMIT 1
$$;
