-- cart_units() counted a customer's cart with a fresh snapshot per row of add to cart's
-- statement, while that statement still held the listing's row: the hot listing's coalesced
-- adds ran a fifth slower (npm run bench). Add to cart now counts in the statement itself, with
-- its snapshot (cartUnits in lib/cart/cart-lines.ts).
DROP FUNCTION "cart_units"(UUID);
