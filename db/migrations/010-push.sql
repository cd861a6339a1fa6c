-- Web Push (RFC 8030, VAPID RFC 8292): the server's key pair, made at the first start (db/open.ts)
-- and kept, so that phones' subscriptions stay valid across restarts. The private key never
-- leaves the server; the public key is what a phone subscribes with (GET /api/config).
CREATE TABLE push_keys (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  public_key TEXT NOT NULL,
  private_key TEXT NOT NULL
) STRICT;

-- A phone's wish to hear when a session it starred changes: one subscription per phone's feed
-- (star_feeds), told by POST /api/events/:slug/my/:feedId/push; the feed id is kept only as its
-- hash. The push service's endpoint and keys are the browser's; a push service that answers 404
-- or 410 has ended it, and the row goes.
CREATE TABLE push_subscriptions (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  feed_hash TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, feed_hash)
) STRICT;
