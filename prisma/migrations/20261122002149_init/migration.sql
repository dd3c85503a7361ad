-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "contact_kind" AS ENUM ('EMAIL', 'PHONE');

-- CreateEnum
CREATE TYPE "movement_kind" AS ENUM ('RECEIVE', 'ADJUST', 'HOLD', 'RELEASE', 'EXPIRE', 'SALE', 'CANCEL');

-- CreateEnum
CREATE TYPE "hold_status" AS ENUM ('ACTIVE', 'RELEASED', 'EXPIRED', 'CONVERTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "order_status" AS ENUM ('PENDING_PAYMENT', 'PAID', 'CANCELLED');

-- CreateEnum
CREATE TYPE "payment_status" AS ENUM ('PENDING', 'CAPTURED', 'DECLINED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "saga_status" AS ENUM ('RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED');

-- CreateEnum
CREATE TYPE "flash_claim_status" AS ENUM ('CLAIMED', 'CONSUMED', 'RELEASED');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_claims" (
    "kind" "contact_kind" NOT NULL,
    "digest" BYTEA NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_claims_pkey" PRIMARY KEY ("kind","digest")
);

-- CreateTable
CREATE TABLE "rate_limit_buckets" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "shops" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "identity_key" TEXT NOT NULL,
    "brand" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "variant" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "image_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "images" (
    "id" UUID NOT NULL,
    "content_type" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "uploader_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "images_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "listings" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "price_cents" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "on_hand" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "image_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "listings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_movements" (
    "id" BIGSERIAL NOT NULL,
    "listing_id" UUID NOT NULL,
    "kind" "movement_kind" NOT NULL,
    "on_hand_delta" INTEGER NOT NULL DEFAULT 0,
    "reserved_delta" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT,
    "hold_id" UUID,
    "order_id" UUID,
    "actor_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_movements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "carts" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "carts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cart_items" (
    "id" UUID NOT NULL,
    "cart_id" UUID NOT NULL,
    "listing_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cart_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "holds" (
    "id" UUID NOT NULL,
    "listing_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "cart_item_id" UUID,
    "order_id" UUID,
    "quantity" INTEGER NOT NULL,
    "owner_token" UUID NOT NULL,
    "status" "hold_status" NOT NULL DEFAULT 'ACTIVE',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "holds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "status" "order_status" NOT NULL DEFAULT 'PENDING_PAYMENT',
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "subtotal_cents" INTEGER NOT NULL DEFAULT 0,
    "discount_cents" INTEGER NOT NULL DEFAULT 0,
    "total_cents" INTEGER NOT NULL DEFAULT 0,
    "payment_deadline" TIMESTAMPTZ(3) NOT NULL,
    "paid_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_items" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "listing_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price_cents" INTEGER NOT NULL,
    "discount_cents" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "order_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "provider_ref" TEXT,
    "amount_cents" INTEGER NOT NULL,
    "status" "payment_status" NOT NULL DEFAULT 'PENDING',
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checkout_sagas" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "order_id" UUID,
    "idempotency_key" TEXT NOT NULL,
    "status" "saga_status" NOT NULL DEFAULT 'RUNNING',
    "current_step" TEXT NOT NULL DEFAULT 'CREATE_ORDER',
    "locked_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checkout_sagas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saga_steps" (
    "id" BIGSERIAL NOT NULL,
    "saga_id" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saga_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "coupon_campaigns" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "limit_count" INTEGER NOT NULL,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "discount_percent" INTEGER NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ends_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "coupon_campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "coupon_grants" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "order_id" UUID,
    "redeemed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "coupon_grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flash_sales" (
    "id" UUID NOT NULL,
    "listing_id" UUID NOT NULL,
    "slots" INTEGER NOT NULL,
    "claimed" INTEGER NOT NULL DEFAULT 0,
    "discount_percent" INTEGER NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flash_sales_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flash_sale_claims" (
    "id" UUID NOT NULL,
    "flash_sale_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "order_id" UUID,
    "status" "flash_claim_status" NOT NULL DEFAULT 'CLAIMED',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "flash_sale_claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "dedupe_key" TEXT,
    "payload" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "read_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contact_claims_user_id_kind_key" ON "contact_claims"("user_id", "kind");

-- CreateIndex
CREATE INDEX "rate_limit_buckets_window_start_idx" ON "rate_limit_buckets"("window_start");

-- CreateIndex
CREATE UNIQUE INDEX "shops_slug_key" ON "shops"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "shops_owner_id_key" ON "shops"("owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "products_slug_key" ON "products"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "products_identity_key_key" ON "products"("identity_key");

-- CreateIndex
CREATE INDEX "products_brand_idx" ON "products"("brand");

-- CreateIndex
CREATE INDEX "listings_product_id_idx" ON "listings"("product_id");

-- CreateIndex
CREATE UNIQUE INDEX "listings_shop_id_product_id_key" ON "listings"("shop_id", "product_id");

-- CreateIndex
CREATE INDEX "inventory_movements_listing_id_id_idx" ON "inventory_movements"("listing_id", "id");

-- CreateIndex
CREATE INDEX "inventory_movements_hold_id_idx" ON "inventory_movements"("hold_id");

-- CreateIndex
CREATE INDEX "inventory_movements_order_id_idx" ON "inventory_movements"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "carts_user_id_key" ON "carts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "cart_items_cart_id_listing_id_key" ON "cart_items"("cart_id", "listing_id");

-- CreateIndex
CREATE INDEX "holds_listing_id_status_expires_at_idx" ON "holds"("listing_id", "status", "expires_at");

-- CreateIndex
CREATE INDEX "holds_status_expires_at_idx" ON "holds"("status", "expires_at");

-- CreateIndex
CREATE INDEX "holds_order_id_idx" ON "holds"("order_id");

-- CreateIndex
CREATE INDEX "holds_cart_item_id_idx" ON "holds"("cart_item_id");

-- CreateIndex
CREATE INDEX "orders_status_payment_deadline_idx" ON "orders"("status", "payment_deadline");

-- CreateIndex
CREATE UNIQUE INDEX "orders_user_id_idempotency_key_key" ON "orders"("user_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "order_items_order_id_listing_id_key" ON "order_items"("order_id", "listing_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_idempotency_key_key" ON "payments"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "payments_provider_ref_key" ON "payments"("provider_ref");

-- CreateIndex
CREATE INDEX "payments_order_id_idx" ON "payments"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "checkout_sagas_order_id_key" ON "checkout_sagas"("order_id");

-- CreateIndex
CREATE INDEX "checkout_sagas_status_locked_until_idx" ON "checkout_sagas"("status", "locked_until");

-- CreateIndex
CREATE UNIQUE INDEX "checkout_sagas_user_id_idempotency_key_key" ON "checkout_sagas"("user_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "saga_steps_saga_id_step_direction_key" ON "saga_steps"("saga_id", "step", "direction");

-- CreateIndex
CREATE UNIQUE INDEX "coupon_grants_code_key" ON "coupon_grants"("code");

-- CreateIndex
CREATE UNIQUE INDEX "coupon_grants_campaign_id_user_id_key" ON "coupon_grants"("campaign_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "coupon_grants_campaign_id_sequence_key" ON "coupon_grants"("campaign_id", "sequence");

-- CreateIndex
CREATE INDEX "flash_sales_listing_id_idx" ON "flash_sales"("listing_id");

-- CreateIndex
CREATE INDEX "flash_sale_claims_flash_sale_id_status_idx" ON "flash_sale_claims"("flash_sale_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_delivered_at_next_attempt_at_idx" ON "notifications"("delivered_at", "next_attempt_at");

-- AddForeignKey
ALTER TABLE "contact_claims" ADD CONSTRAINT "contact_claims_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shops" ADD CONSTRAINT "shops_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listings" ADD CONSTRAINT "listings_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listings" ADD CONSTRAINT "listings_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "carts" ADD CONSTRAINT "carts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_cart_id_fkey" FOREIGN KEY ("cart_id") REFERENCES "carts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holds" ADD CONSTRAINT "holds_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holds" ADD CONSTRAINT "holds_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holds" ADD CONSTRAINT "holds_cart_item_id_fkey" FOREIGN KEY ("cart_item_id") REFERENCES "cart_items"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holds" ADD CONSTRAINT "holds_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checkout_sagas" ADD CONSTRAINT "checkout_sagas_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checkout_sagas" ADD CONSTRAINT "checkout_sagas_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saga_steps" ADD CONSTRAINT "saga_steps_saga_id_fkey" FOREIGN KEY ("saga_id") REFERENCES "checkout_sagas"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_campaigns" ADD CONSTRAINT "coupon_campaigns_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_grants" ADD CONSTRAINT "coupon_grants_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "coupon_campaigns"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_grants" ADD CONSTRAINT "coupon_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_grants" ADD CONSTRAINT "coupon_grants_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sale_claims" ADD CONSTRAINT "flash_sale_claims_flash_sale_id_fkey" FOREIGN KEY ("flash_sale_id") REFERENCES "flash_sales"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sale_claims" ADD CONSTRAINT "flash_sale_claims_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sale_claims" ADD CONSTRAINT "flash_sale_claims_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─────────────────────────────────────────────────────────────────────────────
-- Hand-written: what schema.prisma cannot say. These make the invariants hold in the
-- database itself, whatever the application code does (DESIGN.md I1-I10).
-- ─────────────────────────────────────────────────────────────────────────────

-- I1 stock: never negative, never more reserved than on hand.
ALTER TABLE "listings"
  ADD CONSTRAINT "listings_on_hand_nonnegative" CHECK ("on_hand" >= 0),
  ADD CONSTRAINT "listings_reserved_within_on_hand" CHECK ("reserved" >= 0 AND "reserved" <= "on_hand"),
  ADD CONSTRAINT "listings_price_positive" CHECK ("price_cents" > 0),
  ADD CONSTRAINT "listings_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');

-- I2 ledger: each row moves something, in the direction its kind allows.
ALTER TABLE "inventory_movements"
  ADD CONSTRAINT "inventory_movements_moves_something" CHECK ("on_hand_delta" <> 0 OR "reserved_delta" <> 0),
  ADD CONSTRAINT "inventory_movements_kind_shape" CHECK (
    CASE "kind"
      WHEN 'RECEIVE' THEN "on_hand_delta" > 0 AND "reserved_delta" = 0
      WHEN 'ADJUST'  THEN "reserved_delta" = 0
      WHEN 'HOLD'    THEN "on_hand_delta" = 0 AND "reserved_delta" > 0
      WHEN 'RELEASE' THEN "on_hand_delta" = 0 AND "reserved_delta" < 0
      WHEN 'EXPIRE'  THEN "on_hand_delta" = 0 AND "reserved_delta" < 0
      WHEN 'SALE'    THEN "on_hand_delta" < 0 AND "reserved_delta" = "on_hand_delta"
      WHEN 'CANCEL'  THEN "on_hand_delta" >= 0 AND "reserved_delta" <= 0
    END
  );

-- I2 ledger: append-only. Corrections are new rows, never edits.
CREATE FUNCTION "refuse_ledger_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'inventory_movements is append-only (% refused)', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "inventory_movements_append_only"
  BEFORE UPDATE OR DELETE ON "inventory_movements"
  FOR EACH ROW EXECUTE FUNCTION "refuse_ledger_change"();

-- Holds, carts, orders: positive quantities; an ended hold says when it ended.
ALTER TABLE "holds"
  ADD CONSTRAINT "holds_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "holds_ended_at_matches_status" CHECK (("status" = 'ACTIVE') = ("ended_at" IS NULL));
-- One live hold per cart line: raising the quantity grows that hold.
CREATE UNIQUE INDEX "holds_one_active_per_cart_item" ON "holds" ("cart_item_id") WHERE "status" = 'ACTIVE' AND "cart_item_id" IS NOT NULL;
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "order_items"
  ADD CONSTRAINT "order_items_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "order_items_price_nonnegative" CHECK ("unit_price_cents" >= 0 AND "discount_cents" >= 0);

-- I4 orders: paid and cancelled exclude each other; the status agrees with the timestamps.
ALTER TABLE "orders"
  ADD CONSTRAINT "orders_not_paid_and_cancelled" CHECK ("paid_at" IS NULL OR "cancelled_at" IS NULL),
  ADD CONSTRAINT "orders_status_matches_timestamps" CHECK (
    CASE "status"
      WHEN 'PENDING_PAYMENT' THEN "paid_at" IS NULL AND "cancelled_at" IS NULL
      WHEN 'PAID'            THEN "paid_at" IS NOT NULL AND "cancelled_at" IS NULL
      WHEN 'CANCELLED'       THEN "cancelled_at" IS NOT NULL AND "paid_at" IS NULL
    END
  ),
  ADD CONSTRAINT "orders_amounts_nonnegative" CHECK ("subtotal_cents" >= 0 AND "discount_cents" >= 0 AND "total_cents" >= 0);

-- I9 payments: captured at most once per order.
ALTER TABLE "payments" ADD CONSTRAINT "payments_amount_positive" CHECK ("amount_cents" > 0);
CREATE UNIQUE INDEX "payments_one_capture_per_order" ON "payments" ("order_id") WHERE "status" = 'CAPTURED';

-- I5 coupons: never more issued than the limit; sequence numbers start at 1.
ALTER TABLE "coupon_campaigns"
  ADD CONSTRAINT "coupon_campaigns_limit_positive" CHECK ("limit_count" > 0),
  ADD CONSTRAINT "coupon_campaigns_issued_within_limit" CHECK ("issued" >= 0 AND "issued" <= "limit_count"),
  ADD CONSTRAINT "coupon_campaigns_discount_percent" CHECK ("discount_percent" BETWEEN 1 AND 100);
ALTER TABLE "coupon_grants" ADD CONSTRAINT "coupon_grants_sequence_positive" CHECK ("sequence" >= 1);

-- I6 flash sales: never more claimed than slots; one live claim per customer and sale.
ALTER TABLE "flash_sales"
  ADD CONSTRAINT "flash_sales_slots_positive" CHECK ("slots" > 0),
  ADD CONSTRAINT "flash_sales_claimed_within_slots" CHECK ("claimed" >= 0 AND "claimed" <= "slots"),
  ADD CONSTRAINT "flash_sales_discount_percent" CHECK ("discount_percent" BETWEEN 1 AND 100),
  ADD CONSTRAINT "flash_sales_window" CHECK ("ends_at" > "starts_at");
CREATE UNIQUE INDEX "flash_sale_claims_one_live_per_customer" ON "flash_sale_claims" ("flash_sale_id", "user_id") WHERE "status" <> 'RELEASED';

-- I7 contacts: a claim is an HMAC-SHA256 digest, 32 bytes.
ALTER TABLE "contact_claims" ADD CONSTRAINT "contact_claims_digest_length" CHECK (octet_length("digest") = 32);

-- Rate limiting counters stay non-negative.
ALTER TABLE "rate_limit_buckets" ADD CONSTRAINT "rate_limit_buckets_hits_nonnegative" CHECK ("hits" >= 0);

-- Shop and product slugs are URL-safe.
ALTER TABLE "shops" ADD CONSTRAINT "shops_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
ALTER TABLE "products" ADD CONSTRAINT "products_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
