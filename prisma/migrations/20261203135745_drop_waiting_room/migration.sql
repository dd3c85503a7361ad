-- Drops with a waiting room (docs/DESIGN.md, I12): a flash sale or a coupon campaign can put
-- a line in front of its start. Tables from schema.prisma, the functions from prisma/sql
-- (written by npm run db:migration), and by hand: cart_line_hold's new `gate` attribute, the
-- CHECK constraints and the partial index below.

-- CreateTable
CREATE TABLE "drops" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "flash_sale_id" UUID,
    "campaign_id" UUID,
    "listing_id" UUID,
    "opens_at" TIMESTAMPTZ(3) NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "admit_per_minute" INTEGER NOT NULL,
    "max_admitted" INTEGER,
    "admission_seconds" INTEGER NOT NULL DEFAULT 600,
    "shuffled_at" TIMESTAMPTZ(6),
    "last_place" INTEGER NOT NULL DEFAULT 0,
    "admitted_through" INTEGER NOT NULL DEFAULT 0,
    "admit_credit" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "credit_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drop_places" (
    "id" UUID NOT NULL,
    "drop_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "joined_at" TIMESTAMPTZ(6) NOT NULL,
    "place" INTEGER,
    "shuffled" BOOLEAN NOT NULL DEFAULT false,
    "admitted_at" TIMESTAMPTZ(6),
    "admission_ends_at" TIMESTAMPTZ(6),
    "ended_at" TIMESTAMPTZ(6),
    "end_reason" TEXT,

    CONSTRAINT "drop_places_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "drops_flash_sale_id_key" ON "drops"("flash_sale_id");

-- CreateIndex
CREATE UNIQUE INDEX "drops_campaign_id_key" ON "drops"("campaign_id");

-- CreateIndex
CREATE INDEX "drops_listing_id_idx" ON "drops"("listing_id");

-- CreateIndex
CREATE INDEX "drop_places_user_id_idx" ON "drop_places"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "drop_places_drop_id_user_id_key" ON "drop_places"("drop_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "drop_places_drop_id_place_key" ON "drop_places"("drop_id", "place");

-- AddForeignKey
ALTER TABLE "drops" ADD CONSTRAINT "drops_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drops" ADD CONSTRAINT "drops_flash_sale_id_fkey" FOREIGN KEY ("flash_sale_id") REFERENCES "flash_sales"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drops" ADD CONSTRAINT "drops_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "coupon_campaigns"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drops" ADD CONSTRAINT "drops_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drop_places" ADD CONSTRAINT "drop_places_drop_id_fkey" FOREIGN KEY ("drop_id") REFERENCES "drops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drop_places" ADD CONSTRAINT "drop_places_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- New: prisma/sql/admit_drop.sql
-- One admission batch of a drop (I12): the next places in order, as many as the rate allows
-- since the last batch (a token bucket refilled at admit_per_minute, holding at most
-- drop_burst) and the cap leaves room for (max_admitted live admissions at once; one that
-- ended, used or not, frees its room). Shuffles first if the drop has started unshuffled.
-- Safe on every instance at once: one admitter per drop at a time (a transaction-scoped
-- advisory lock, tried, never waited for), and the mark only moves forward under the drop
-- row's lock, so no place is admitted twice or skipped. Answers the places admitted.
CREATE OR REPLACE FUNCTION "admit_drop"("p_drop" UUID)
  RETURNS TABLE ("user_id" UUID, "place" INT, "admission_ends_at" TIMESTAMPTZ) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_rate INT;
  v_cap INT;
  v_seconds INT;
  v_last INT;
  v_through INT;
  v_credit FLOAT8;
  v_credit_at TIMESTAMPTZ;
  v_live INT;
  v_n INT;
  v_now TIMESTAMPTZ;
BEGIN
  PERFORM shuffle_drop(p_drop);
  IF NOT pg_try_advisory_xact_lock(hashtextextended('admit_drop:' || p_drop::text, 0)) THEN
    RETURN;
  END IF;
  SELECT d.admit_per_minute, d.max_admitted, d.admission_seconds, d.last_place, d.admitted_through, d.admit_credit, d.credit_at
    INTO v_rate, v_cap, v_seconds, v_last, v_through, v_credit, v_credit_at
    FROM drops d
   WHERE d.id = p_drop AND d.shuffled_at IS NOT NULL
     FOR NO KEY UPDATE;
  IF NOT FOUND OR now() >= drop_ends_at(p_drop) THEN
    RETURN;
  END IF;
  -- The clock once the locks are ours, not the statement's start: batches are dated in the
  -- order they were decided, so a later place is never dated before an earlier one.
  v_now := clock_timestamp();
  v_credit := LEAST(drop_burst(v_rate)::float8, v_credit + v_rate * GREATEST(extract(epoch FROM v_now - v_credit_at), 0) / 60.0);
  v_n := LEAST(floor(v_credit)::int, v_last - v_through);
  IF v_cap IS NOT NULL AND v_n > 0 THEN
    SELECT COUNT(*)::int INTO v_live
      FROM drop_places p
     WHERE p.drop_id = p_drop AND p.admitted_at IS NOT NULL AND p.ended_at IS NULL AND p.admission_ends_at > v_now;
    v_n := LEAST(v_n, v_cap - v_live);
  END IF;
  v_n := GREATEST(v_n, 0);
  UPDATE drops d SET admitted_through = d.admitted_through + v_n, admit_credit = v_credit - v_n, credit_at = v_now
   WHERE d.id = p_drop;
  IF v_n = 0 THEN
    RETURN;
  END IF;
  RETURN QUERY
  UPDATE drop_places p
     SET admitted_at = v_now, admission_ends_at = v_now + make_interval(secs => v_seconds)
   WHERE p.drop_id = p_drop AND p.place > v_through AND p.place <= v_through + v_n
  RETURNING p.user_id, p.place, p.admission_ends_at;
END
$$;

-- Changed: prisma/sql/cart_add.sql (copied as it stands; if PostgreSQL refuses to replace it, DROP it first).
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

-- Changed: prisma/sql/cart_line_hold.sql: the `gate` a drop's line answers with.
ALTER TYPE "cart_line_hold" ADD ATTRIBUTE "gate" TEXT;

-- Changed: prisma/sql/cart_set_quantity.sql (copied as it stands; if PostgreSQL refuses to replace it, DROP it first).
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

-- New: prisma/sql/drop_burst.sql
-- The most a drop admits in one go: five seconds of its rate (at least one). Admission is a
-- token bucket that refills at admit_per_minute and holds at most this much, so a line that
-- was empty for a while cannot let a crowd through at once, and the shuffle starts it full.
CREATE OR REPLACE FUNCTION "drop_burst"("p_per_minute" INT)
  RETURNS INT LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT GREATEST(1, ceil(p_per_minute / 12.0))::int $$;

-- New: prisma/sql/drop_ends_at.sql
-- When a drop's line closes: its flash sale's end (or early end), or its campaign's (a
-- campaign without an end date runs until the owner ends it: 'infinity').
CREATE OR REPLACE FUNCTION "drop_ends_at"("p_drop" UUID)
  RETURNS TIMESTAMPTZ LANGUAGE sql STABLE AS $$
  SELECT COALESCE(LEAST(fs.ends_at, fs.ended_early_at), LEAST(c.ends_at, c.ended_early_at), 'infinity')
    FROM drops d
    LEFT JOIN flash_sales fs ON fs.id = d.flash_sale_id
    LEFT JOIN coupon_campaigns c ON c.id = d.campaign_id
   WHERE d.id = p_drop
$$;

-- New: prisma/sql/drop_gate.sql
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

-- New: prisma/sql/drop_gate_campaign.sql
-- The drop line's gate on a coupon campaign run as a drop (I12): claiming a coupon while the
-- drop runs (from its line's opening to the campaign's end) needs a live admission. NULL means
-- pass; the refusals are drop_gate's.
CREATE OR REPLACE FUNCTION "drop_gate_campaign"("p_user" UUID, "p_campaign" UUID)
  RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p.id IS NULL THEN 'drop-join-line'
              WHEN p.admitted_at IS NULL THEN 'drop-wait-turn'
              WHEN p.ended_at IS NOT NULL OR p.admission_ends_at <= now() THEN 'drop-turn-ended'
         END
    FROM drops d
    JOIN coupon_campaigns c ON c.id = d.campaign_id
    LEFT JOIN drop_places p ON p.drop_id = d.id AND p.user_id = p_user
   WHERE d.campaign_id = p_campaign AND d.opens_at <= now()
     AND now() < COALESCE(LEAST(c.ends_at, c.ended_early_at), 'infinity')
$$;

-- New: prisma/sql/join_drop.sql
-- Joining a drop's line (I12): one place per account. Before the start the place is left
-- unnumbered for the start's shuffle (shuffle_drop); after it, the next number in arrival
-- order, taken from the drop row's counter while its row lock orders the joiners, so places
-- run 1..last_place without gaps. Answers the outcome and the place (null until shuffled):
--   joined     a new place
--   already    this account's place, as it was (a second tab, a double click)
--   not-found, not-open (before the line opens), closed (the drop has ended)
CREATE OR REPLACE FUNCTION "join_drop"("p_drop" UUID, "p_user" UUID)
  RETURNS TABLE ("outcome" TEXT, "place" INT) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_opens TIMESTAMPTZ;
  v_starts TIMESTAMPTZ;
  v_shuffled TIMESTAMPTZ;
  v_found BOOLEAN;
  v_place INT;
  v_id UUID;
BEGIN
  SELECT d.opens_at, d.starts_at, d.shuffled_at INTO v_opens, v_starts, v_shuffled FROM drops d WHERE d.id = p_drop;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not-found'::text, NULL::int;
    RETURN;
  END IF;
  IF now() < v_opens THEN
    RETURN QUERY SELECT 'not-open'::text, NULL::int;
    RETURN;
  END IF;
  IF now() >= drop_ends_at(p_drop) THEN
    RETURN QUERY SELECT 'closed'::text, NULL::int;
    RETURN;
  END IF;

  SELECT true, p.place INTO v_found, v_place FROM drop_places p WHERE p.drop_id = p_drop AND p.user_id = p_user;
  IF v_found AND (v_place IS NOT NULL OR v_shuffled IS NULL) THEN
    RETURN QUERY SELECT 'already'::text, v_place;
    RETURN;
  END IF;

  IF v_found IS NULL AND now() < v_starts THEN
    INSERT INTO drop_places (id, drop_id, user_id, joined_at)
    VALUES (gen_random_uuid(), p_drop, p_user, clock_timestamp())
    ON CONFLICT (drop_id, user_id) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NULL THEN
      RETURN QUERY SELECT 'already'::text, NULL::int;
      RETURN;
    END IF;
    -- The insert's key-share lock on the drop row keeps the shuffle waiting for this join; a
    -- shuffle that committed before the lock was taken could not see it: line up as a late
    -- arrival instead.
    PERFORM 1 FROM drops d WHERE d.id = p_drop AND d.shuffled_at IS NULL;
    IF FOUND THEN
      RETURN QUERY SELECT 'joined'::text, NULL::int;
      RETURN;
    END IF;
  END IF;

  PERFORM shuffle_drop(p_drop);
  UPDATE drops d SET last_place = d.last_place + 1 WHERE d.id = p_drop AND d.shuffled_at IS NOT NULL
  RETURNING d.last_place INTO v_place;
  INSERT INTO drop_places AS p (id, drop_id, user_id, joined_at, place)
  VALUES (gen_random_uuid(), p_drop, p_user, clock_timestamp(), v_place)
  ON CONFLICT (drop_id, user_id) DO UPDATE SET place = EXCLUDED.place, joined_at = EXCLUDED.joined_at
   WHERE p.place IS NULL
  RETURNING p.id INTO v_id;
  IF v_id IS NULL THEN
    -- This account's other join took a place meanwhile: the number goes back while the drop
    -- row is still locked by this transaction (nobody has taken a later one), no gap.
    UPDATE drops d SET last_place = d.last_place - 1 WHERE d.id = p_drop;
    SELECT p.place INTO v_place FROM drop_places p WHERE p.drop_id = p_drop AND p.user_id = p_user;
    RETURN QUERY SELECT 'already'::text, v_place;
    RETURN;
  END IF;
  RETURN QUERY SELECT 'joined'::text, v_place;
END
$$;

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

-- New: prisma/sql/shuffle_drop.sql
-- The start of a drop (I12): everyone who joined before it gets a place at random, once. Run
-- lazily by whoever first needs the line numbered after the start (a join, a place poll, the
-- admission sweep) on any instance; the first to lock the drop row numbers it, the others
-- find it done. The plain read first keeps the common case (already shuffled) lock-free.
-- FOR UPDATE waits for every join still inserting its place (each holds a key-share lock on
-- the drop row through its foreign key) and keeps new ones out until the numbering commits,
-- so no early join is left without a number. gen_random_uuid() is a strong random source:
-- nobody can predict or replay the order. Returns how many places were numbered.
CREATE OR REPLACE FUNCTION "shuffle_drop"("p_drop" UUID)
  RETURNS INT LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_rate INT;
  v_count INT;
BEGIN
  PERFORM 1 FROM drops WHERE id = p_drop AND shuffled_at IS NULL AND starts_at <= now();
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  SELECT admit_per_minute INTO v_rate FROM drops WHERE id = p_drop AND shuffled_at IS NULL FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  WITH numbered AS (
    SELECT id, row_number() OVER (ORDER BY gen_random_uuid())::int AS n
      FROM drop_places
     WHERE drop_id = p_drop AND place IS NULL
  )
  UPDATE drop_places p SET place = numbered.n, shuffled = true
    FROM numbered
   WHERE p.id = numbered.id;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  -- The clock after the locks, not the statement's start: a shuffle that waited for the last
  -- early joiners is dated after them.
  UPDATE drops
     SET shuffled_at = clock_timestamp(), last_place = v_count, admit_credit = drop_burst(v_rate), credit_at = clock_timestamp()
   WHERE id = p_drop;
  RETURN v_count;
END
$$;

-- ───────── by hand: what the database itself refuses (I12) ─────────

ALTER TABLE "drops"
  ADD CONSTRAINT "drops_one_subject" CHECK (("flash_sale_id" IS NULL) <> ("campaign_id" IS NULL)),
  ADD CONSTRAINT "drops_listing_of_flash_sale" CHECK (("listing_id" IS NULL) = ("flash_sale_id" IS NULL)),
  ADD CONSTRAINT "drops_opens_before_start" CHECK ("opens_at" <= "starts_at"),
  ADD CONSTRAINT "drops_rate_positive" CHECK ("admit_per_minute" > 0),
  ADD CONSTRAINT "drops_cap_positive" CHECK ("max_admitted" IS NULL OR "max_admitted" > 0),
  ADD CONSTRAINT "drops_admission_positive" CHECK ("admission_seconds" > 0),
  -- The mark never passes the places handed out.
  ADD CONSTRAINT "drops_mark_within_line" CHECK ("admitted_through" >= 0 AND "admitted_through" <= "last_place");

ALTER TABLE "drop_places"
  ADD CONSTRAINT "drop_places_place_positive" CHECK ("place" IS NULL OR "place" > 0),
  ADD CONSTRAINT "drop_places_admitted_has_place" CHECK ("admitted_at" IS NULL OR ("place" IS NOT NULL AND "admission_ends_at" > "admitted_at")),
  ADD CONSTRAINT "drop_places_shuffled_has_place" CHECK (NOT "shuffled" OR "place" IS NOT NULL),
  ADD CONSTRAINT "drop_places_ended_after_admitted" CHECK ("ended_at" IS NULL OR ("admitted_at" IS NOT NULL AND "end_reason" IN ('purchased', 'claimed')));

-- Live admissions of a drop, counted against its cap at every admission batch.
CREATE INDEX "drop_places_admitted_live" ON "drop_places" ("drop_id", "admission_ends_at") WHERE "admitted_at" IS NOT NULL AND "ended_at" IS NULL;
