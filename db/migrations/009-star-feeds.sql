-- A phone's own calendar feed (GET /api/events/:slug/my/:feedId.ics): the sessions it starred, as
-- it last told the server (PUT …/my/:feedId). The feed id is the phone's random word and the
-- feed's only key: only its hash is kept. A feed goes with its event (expired or deleted); a
-- feed told no stars is no row at all.
CREATE TABLE star_feeds (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  feed_hash TEXT NOT NULL,
  -- The starred sessions' ids, separated by commas (ids never hold one), in the order the phone sent them.
  sessions TEXT NOT NULL CHECK (sessions <> ''),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_id, feed_hash)
) STRICT;
