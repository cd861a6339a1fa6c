-- The server's own secret: giver tokens, new facilitator keys (and webhook secrets) are an HMAC
-- under it over the event, the session and the command's id, so that nobody can work one out from
-- what a client sends. One row, made at the first start from 256 random bits (db/open.ts); never
-- shown, logged or exported.
CREATE TABLE server_secret (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  secret BLOB NOT NULL CHECK (length(secret) >= 32)
) STRICT;

-- The device a logged command came from (its handshake id, hashed; NULL without one): a retry of a
-- command that handed out a secret gets it again only from the same device.
ALTER TABLE event_log ADD COLUMN device TEXT;
