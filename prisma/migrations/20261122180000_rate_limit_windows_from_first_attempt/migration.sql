-- Attempt counters' windows start at a key's first attempt instead of on multiples of the
-- window since the epoch. With windows cut on the epoch, every key's window ended at the same
-- instant (a 1-day window at midnight UTC: every guesser's budget came back at once), and an
-- attempt a moment before the cut and one a moment after fell into different windows, so a
-- check of "the 11th attempt is refused" depended on the second it ran. Now each key has one
-- row whose window runs from its first attempt to window_end; the first attempt after
-- window_end starts a new one (lib/accounts/rate-limit.ts).
--
-- The counters in flight cannot be carried over (their rows do not say how long their window
-- was), so they are dropped: at deploy, each key's budget starts afresh once.
TRUNCATE "rate_limit_buckets";

-- DropIndex
DROP INDEX "rate_limit_buckets_window_start_idx";

-- AlterTable
ALTER TABLE "rate_limit_buckets" DROP CONSTRAINT "rate_limit_buckets_pkey",
ADD COLUMN     "window_end" TIMESTAMPTZ(3) NOT NULL,
ADD CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key");

-- CreateIndex
CREATE INDEX "rate_limit_buckets_window_end_idx" ON "rate_limit_buckets"("window_end");

-- Hand-written: a window has a length.
ALTER TABLE "rate_limit_buckets" ADD CONSTRAINT "rate_limit_buckets_window_order" CHECK ("window_end" > "window_start");
