-- Hand-written: session revocation. A session token (a JWT, valid 30 days) records the
-- user's session_epoch when it was issued; signing out bumps the epoch, and a token from an
-- older epoch no longer signs anyone in (lib/auth/session.ts), so a copied token dies with
-- the sign-out.
ALTER TABLE "users" ADD COLUMN "session_epoch" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "users" ADD CONSTRAINT "users_session_epoch_nonnegative" CHECK ("session_epoch" >= 0);
