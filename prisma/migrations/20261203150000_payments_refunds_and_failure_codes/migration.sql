-- Payments a real shop can switch on (docs/DESIGN.md, I13): 3-D Secure waits (REQUIRES_ACTION),
-- refunds (refunds, refund_items, payments.refunded_cents, RETURN ledger rows), webhook events
-- recorded apart from handled (handled_at), and failures as codes with details instead of words.
-- RETURN's shape in the ledger's CHECK comes in the next migration: a new enum value cannot be
-- used in the transaction that adds it.

-- CreateEnum
CREATE TYPE "refund_status" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- AlterEnum
ALTER TYPE "movement_kind" ADD VALUE 'RETURN';

-- AlterEnum
ALTER TYPE "payment_status" ADD VALUE 'REQUIRES_ACTION';

-- AlterTable (by hand: the words of earlier failures become codes before the words go)
ALTER TABLE "orders" ADD COLUMN     "payment_failure_code" TEXT,
ADD COLUMN     "payment_failure_detail" JSONB;
UPDATE "orders"
   SET "payment_failure_code" = CASE
         WHEN "payment_failure" LIKE 'sold out%' THEN 'sold-out'
         WHEN "payment_failure" LIKE 'payment declined:%' THEN 'card-declined'
         WHEN "payment_failure" LIKE '%deadline%' THEN 'past-deadline'
         WHEN "payment_failure" LIKE '%no longer awaiting%' THEN 'not-pending'
         ELSE 'other' END,
       "payment_failure_detail" = CASE
         WHEN "payment_failure" LIKE 'payment declined:%' THEN jsonb_build_object('message', btrim(substr("payment_failure", 18)))
         ELSE jsonb_build_object('text', "payment_failure") END
 WHERE "payment_failure" IS NOT NULL;
ALTER TABLE "orders" DROP COLUMN "payment_failure";

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "action_required_at" TIMESTAMPTZ(3),
ADD COLUMN     "refunded_cents" INTEGER NOT NULL DEFAULT 0;

-- AlterTable (by hand, as orders above)
ALTER TABLE "checkout_sagas" ADD COLUMN     "failure_code" TEXT,
ADD COLUMN     "failure_detail" JSONB;
UPDATE "checkout_sagas"
   SET "failure_code" = CASE
         WHEN "failure_reason" LIKE 'sold out%' THEN 'sold-out'
         WHEN "failure_reason" LIKE 'payment declined:%' THEN 'card-declined'
         WHEN "failure_reason" LIKE 'payment came too late%' THEN 'payment-too-late'
         WHEN "failure_reason" LIKE '%deadline%' THEN 'past-deadline'
         WHEN "failure_reason" LIKE '%no longer awaiting%' THEN 'not-pending'
         ELSE 'other' END,
       "failure_detail" = CASE
         WHEN "failure_reason" LIKE 'payment declined:%' THEN jsonb_build_object('message', btrim(substr("failure_reason", 18)))
         ELSE jsonb_build_object('text', "failure_reason") END
 WHERE "failure_reason" IS NOT NULL;
ALTER TABLE "checkout_sagas" DROP COLUMN "failure_reason";

-- AlterTable
ALTER TABLE "payment_webhook_events" ADD COLUMN     "handled_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "refunds" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "provider_ref" TEXT,
    "amount_cents" INTEGER NOT NULL,
    "status" "refund_status" NOT NULL DEFAULT 'PENDING',
    "restock" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'owner',
    "reason" TEXT,
    "actor_id" UUID,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_items" (
    "id" UUID NOT NULL,
    "refund_id" UUID NOT NULL,
    "order_item_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount_cents" INTEGER NOT NULL,

    CONSTRAINT "refund_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "refunds_idempotency_key_key" ON "refunds"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_provider_ref_key" ON "refunds"("provider_ref");

-- CreateIndex
CREATE INDEX "refunds_order_id_idx" ON "refunds"("order_id");

-- CreateIndex
CREATE INDEX "refund_items_order_item_id_idx" ON "refund_items"("order_item_id");

-- CreateIndex
CREATE UNIQUE INDEX "refund_items_refund_id_order_item_id_key" ON "refund_items"("refund_id", "order_item_id");

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_items" ADD CONSTRAINT "refund_items_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_items" ADD CONSTRAINT "refund_items_order_item_id_fkey" FOREIGN KEY ("order_item_id") REFERENCES "order_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───────── by hand: the rows written before ─────────

-- Events received before were handled in the same request.
UPDATE "payment_webhook_events" SET "handled_at" = "received_at";
-- Late payments the checkout refunded in full: their refund, as a row.
UPDATE "payments" SET "refunded_cents" = "amount_cents" WHERE "status" = 'REFUNDED' AND "captured_at" IS NOT NULL;
INSERT INTO "refunds" ("id", "order_id", "payment_id", "idempotency_key", "amount_cents", "status", "source", "reason", "created_at", "settled_at")
SELECT COALESCE("saga_id", gen_random_uuid()), "order_id", "id", 'refund:' || "idempotency_key", "amount_cents", 'SUCCEEDED', 'checkout',
       'the payment arrived after the order could no longer be kept', COALESCE("refunded_at", "updated_at"), COALESCE("refunded_at", "updated_at")
  FROM "payments" WHERE "status" = 'REFUNDED' AND "captured_at" IS NOT NULL;

-- ───────── by hand: what the database itself refuses (I13) ─────────

ALTER TABLE "payments"
  ADD CONSTRAINT "payments_refunded_within_amount" CHECK ("refunded_cents" >= 0 AND "refunded_cents" <= "amount_cents"),
  ADD CONSTRAINT "payments_refunds_only_captured" CHECK ("refunded_cents" = 0 OR "captured_at" IS NOT NULL);
ALTER TABLE "refunds"
  ADD CONSTRAINT "refunds_amount_positive" CHECK ("amount_cents" > 0),
  ADD CONSTRAINT "refunds_source" CHECK ("source" IN ('owner', 'provider', 'checkout')),
  ADD CONSTRAINT "refunds_settled_when_done" CHECK (("status" = 'PENDING') = ("settled_at" IS NULL));
ALTER TABLE "refund_items"
  ADD CONSTRAINT "refund_items_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "refund_items_amount_nonnegative" CHECK ("amount_cents" >= 0);
