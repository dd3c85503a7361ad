-- AlterTable
ALTER TABLE "coupon_campaigns" ADD COLUMN     "amount_off_cents" INTEGER,
ADD COLUMN     "ended_early_at" TIMESTAMPTZ(3),
ADD COLUMN     "listing_id" UUID,
ADD COLUMN     "min_order_cents" INTEGER NOT NULL DEFAULT 0,
ALTER COLUMN "discount_percent" DROP NOT NULL;

-- AlterTable
ALTER TABLE "coupon_grants" ADD COLUMN     "discount_cents" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "flash_sales" ADD COLUMN     "ended_early_at" TIMESTAMPTZ(3),
ADD COLUMN     "sale_price_cents" INTEGER,
ALTER COLUMN "discount_percent" DROP NOT NULL;

-- AlterTable
ALTER TABLE "flash_sale_claims" ADD COLUMN     "discount_cents" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "coupon_campaigns_shop_id_idx" ON "coupon_campaigns"("shop_id");

-- CreateIndex
CREATE INDEX "coupon_grants_user_id_idx" ON "coupon_grants"("user_id");

-- CreateIndex
CREATE INDEX "flash_sale_claims_order_id_idx" ON "flash_sale_claims"("order_id");

-- AddForeignKey
ALTER TABLE "coupon_campaigns" ADD CONSTRAINT "coupon_campaigns_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─────────────────────────────────────────────────────────────────────────────
-- Hand-written: what the discount code must never do (I5 coupons, I6 flash sales).
-- ─────────────────────────────────────────────────────────────────────────────

-- A campaign takes a percentage or an amount off, never both and never neither; its window
-- ends after it starts; a minimum order is never negative.
ALTER TABLE "coupon_campaigns"
  ADD CONSTRAINT "coupon_campaigns_one_kind_of_discount" CHECK (("discount_percent" IS NULL) <> ("amount_off_cents" IS NULL)),
  ADD CONSTRAINT "coupon_campaigns_amount_off_positive" CHECK ("amount_off_cents" IS NULL OR "amount_off_cents" > 0),
  ADD CONSTRAINT "coupon_campaigns_min_order_nonnegative" CHECK ("min_order_cents" >= 0),
  ADD CONSTRAINT "coupon_campaigns_window" CHECK ("ends_at" IS NULL OR "ends_at" > "starts_at");

-- A grant is redeemed by an order (order_id and redeemed_at together) or by none, and only a
-- redeemed grant carries a discount. One coupon per order.
ALTER TABLE "coupon_grants"
  ADD CONSTRAINT "coupon_grants_redeemed_with_order" CHECK (("order_id" IS NULL) = ("redeemed_at" IS NULL)),
  ADD CONSTRAINT "coupon_grants_discount" CHECK ("discount_cents" >= 0 AND ("order_id" IS NOT NULL OR "discount_cents" = 0));
CREATE UNIQUE INDEX "coupon_grants_one_per_order" ON "coupon_grants" ("order_id") WHERE "order_id" IS NOT NULL;

-- A sale has a sale price or a percentage, exactly one of them.
ALTER TABLE "flash_sales"
  ADD CONSTRAINT "flash_sales_one_kind_of_discount" CHECK (("discount_percent" IS NULL) <> ("sale_price_cents" IS NULL)),
  ADD CONSTRAINT "flash_sales_sale_price_positive" CHECK ("sale_price_cents" IS NULL OR "sale_price_cents" > 0);

-- No two sales of one listing overlap in time: a gist exclusion constraint over the listing
-- and the sale's effective window (an early end shortens it; a sale ended before it started
-- is an empty range and blocks nothing). btree_gist gives uuid its `=` for gist; it ships with
-- PostgreSQL and is a trusted extension (13+), so a database owner can create it on managed
-- services too. `INSERT ... ON CONFLICT DO NOTHING` honours the constraint, so creating a sale
-- needs no lock and no retry: a concurrent overlapping insert waits and then inserts nothing.
CREATE EXTENSION IF NOT EXISTS "btree_gist";
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_no_overlap" EXCLUDE USING gist (
  "listing_id" WITH =,
  tstzrange("starts_at", GREATEST("starts_at", COALESCE(LEAST("ended_early_at", "ends_at"), "ends_at"))) WITH &&
);

-- A claim is open (CLAIMED) until its checkout ends: CONSUMED when paid, RELEASED when not.
ALTER TABLE "flash_sale_claims"
  ADD CONSTRAINT "flash_sale_claims_ended_at_matches_status" CHECK (("status" = 'CLAIMED') = ("ended_at" IS NULL)),
  ADD CONSTRAINT "flash_sale_claims_discount_nonnegative" CHECK ("discount_cents" >= 0),
  ADD CONSTRAINT "flash_sale_claims_has_order" CHECK ("status" = 'RELEASED' OR "order_id" IS NOT NULL);
