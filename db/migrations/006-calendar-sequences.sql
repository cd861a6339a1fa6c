-- What each session's calendar entry said when a feed last showed it, and its SEQUENCE: a
-- subscribed calendar updates an entry whose SEQUENCE rose instead of keeping the old one.
CREATE TABLE calendar_entries (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  session_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  PRIMARY KEY (event_id, session_id)
) STRICT;
