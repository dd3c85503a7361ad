-- The unique indexes behind the contact claims (I7). Claims are keyed hashes of the contact
-- under CONTACT_HMAC_SECRET; instances run with different secrets would make different keys
-- for one email, both claims would go in, and one email would have two accounts. users.email
-- and users.phone are the normalised contacts themselves, so these indexes refuse the second
-- account whatever the secret. (A database where that already happened fails here: `npm run
-- audit` names the accounts, I7.)
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE UNIQUE INDEX "users_phone_key" ON "users"("phone");
