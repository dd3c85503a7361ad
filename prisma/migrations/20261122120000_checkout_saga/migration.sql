-- DropIndex
DROP INDEX "checkout_sagas_order_id_key";

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "contact_email" TEXT,
ADD COLUMN     "payment_failure" TEXT,
ADD COLUMN     "shipping_address" JSONB;

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "captured_at" TIMESTAMPTZ(3),
ADD COLUMN     "card_brand" TEXT,
ADD COLUMN     "card_last4" TEXT,
ADD COLUMN     "refunded_at" TIMESTAMPTZ(3),
ADD COLUMN     "saga_id" UUID;

-- AlterTable
ALTER TABLE "checkout_sagas" ADD COLUMN     "context" JSONB,
ADD COLUMN     "failure_reason" TEXT,
ADD COLUMN     "lease_token" UUID,
ADD COLUMN     "payment_attempt" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "payment_webhook_events" (
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_webhook_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "payment_webhook_events_received_at_idx" ON "payment_webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "checkout_sagas_order_id_idx" ON "checkout_sagas"("order_id");

-- ─────────────────────────────────────────────────────────────────────────────
-- Hand-written: the checkout saga's guards (I9).
-- ─────────────────────────────────────────────────────────────────────────────

-- One live saga per order: a double submit or a second tab cannot run two payments for one
-- order at once; a declined order may be paid again by a new saga once the old one ended.
CREATE UNIQUE INDEX "checkout_sagas_one_live_per_order" ON "checkout_sagas" ("order_id")
  WHERE "status" IN ('RUNNING', 'COMPENSATING') AND "order_id" IS NOT NULL;
ALTER TABLE "checkout_sagas" ADD CONSTRAINT "checkout_sagas_payment_attempt_positive" CHECK ("payment_attempt" >= 1);
-- A step is done or undone once: the journal records each direction of each step once.
ALTER TABLE "saga_steps" ADD CONSTRAINT "saga_steps_direction" CHECK ("direction" IN ('DO', 'UNDO'));

-- Payments: a captured payment says when; a refund follows a capture.
ALTER TABLE "payments"
  ADD CONSTRAINT "payments_captured_has_time" CHECK ("status" NOT IN ('CAPTURED', 'REFUNDED') OR "captured_at" IS NOT NULL),
  ADD CONSTRAINT "payments_refunded_has_time" CHECK (("status" = 'REFUNDED') = ("refunded_at" IS NOT NULL)),
  ADD CONSTRAINT "payments_card_last4" CHECK ("card_last4" IS NULL OR "card_last4" ~ '^[0-9]{4}$');
ALTER TABLE "payments" ADD CONSTRAINT "payments_saga_id_fkey" FOREIGN KEY ("saga_id") REFERENCES "checkout_sagas"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "payments_saga_id_idx" ON "payments" ("saga_id");

-- Undelivered notifications are found by the delivery sweep without scanning delivered ones.
CREATE INDEX "notifications_undelivered" ON "notifications" ("next_attempt_at") WHERE "delivered_at" IS NULL;
CREATE INDEX "notifications_unread" ON "notifications" ("user_id") WHERE "read_at" IS NULL;
