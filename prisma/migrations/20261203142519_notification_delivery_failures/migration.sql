-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "failed_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_error" TEXT;

-- ───────── by hand: what the database itself refuses (I10) ─────────

-- A notification ends one way: delivered, or refused for good; never both.
ALTER TABLE "notifications"
  ADD CONSTRAINT "notifications_delivered_or_failed" CHECK ("delivered_at" IS NULL OR "failed_at" IS NULL);

-- The delivery sweep's work: neither delivered nor refused for good, by when it is due.
DROP INDEX "notifications_undelivered";
CREATE INDEX "notifications_undelivered" ON "notifications" ("next_attempt_at") WHERE "delivered_at" IS NULL AND "failed_at" IS NULL;
