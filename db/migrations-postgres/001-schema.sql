-- Pitchboard's schema for PostgreSQL, version 1: the same tables, keys, checks and cascades as
-- SQLite's after its ten migrations (db/migrations/), in PostgreSQL's types. Forward-only: never
-- edit a released migration, add a new file (db/migrate-postgres.ts applies them, under a lock).
--
-- Where it differs from SQLite's:
--   events.id is an identity column (SQLite's INTEGER PRIMARY KEY is the rowid);
--   placements and blocked_cells have `seq`, the order their rows were written in (SQLite reads
--     them by rowid): apply appends, and a reload must read them in that order;
--   a room's projector is a boolean, the server's secret bytea;
--   `end` is a reserved word in PostgreSQL: the column is written "end";
--   text compares by the database's collation here, bytewise in SQLite: the store orders and
--     compares with COLLATE "C" where the order matters (days by date, slots by day and start).
-- JSON stays text (sessions.tags and wishes, events.pitch, event_log's events, result and
-- inverse): the store parses it as SQLite's does, and damaged JSON is found the same way.

CREATE TABLE events (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  title text NOT NULL,
  timezone text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('de', 'en')),
  claiming text NOT NULL DEFAULT 'closed' CHECK (claiming IN ('closed', 'open')),
  pitch_seconds integer NOT NULL DEFAULT 30,
  facilitator_key_hash text NOT NULL,
  -- Bumped by one with every change; equals the newest version in event_log.
  version integer NOT NULL DEFAULT 0,
  created_at text NOT NULL,
  -- The pitch queue with its countdown, one JSON value.
  pitch text
);

CREATE TABLE days (
  event_id integer NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id text NOT NULL,
  date text NOT NULL,
  label text NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (event_id, id)
);

CREATE TABLE rooms (
  event_id integer NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  capacity integer,
  position integer NOT NULL,
  -- Whether the room has a projector: a giver's wish for one is honoured once the rooms say so.
  projector boolean NOT NULL DEFAULT false,
  PRIMARY KEY (event_id, id)
);

CREATE TABLE slots (
  event_id integer NOT NULL,
  id text NOT NULL,
  day_id text NOT NULL,
  start text NOT NULL,
  "end" text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('session', 'break')),
  label text NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, id),
  FOREIGN KEY (event_id, day_id) REFERENCES days(event_id, id) ON DELETE CASCADE
);

CREATE TABLE sessions (
  event_id integer NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id text NOT NULL,
  -- Submission order: the order of the tray and of the pitch queue.
  seq integer NOT NULL,
  title text NOT NULL,
  host text NOT NULL,
  description text NOT NULL DEFAULT '',
  tags text NOT NULL DEFAULT '[]',
  -- The hands counted, or NULL: not counted yet (until then the phones' taps count).
  interest integer CHECK (interest BETWEEN 0 AND 9999),
  revision integer NOT NULL DEFAULT 1,
  status text NOT NULL CHECK (status IN ('pitched', 'withdrawn')),
  -- sha256 of the giver's token; the token itself is never stored.
  giver_token_hash text,
  wishes text NOT NULL DEFAULT '{"timing":"any","leaveBy":null,"needsProjector":false}',
  PRIMARY KEY (event_id, id)
);

CREATE TABLE placements (
  event_id integer NOT NULL,
  session_id text NOT NULL,
  room_id text NOT NULL,
  slot_id text NOT NULL,
  -- The order the rows were written in: a reload reads them so.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  -- A cell holds at most one session, enforced by the database as well as by decide.
  PRIMARY KEY (event_id, room_id, slot_id),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, id) ON DELETE CASCADE,
  FOREIGN KEY (event_id, room_id) REFERENCES rooms(event_id, id) ON DELETE CASCADE,
  FOREIGN KEY (event_id, slot_id) REFERENCES slots(event_id, id) ON DELETE CASCADE
);

CREATE INDEX placements_by_session ON placements(event_id, session_id);

-- Cells that take no session: a room not available in one slot.
CREATE TABLE blocked_cells (
  event_id integer NOT NULL,
  room_id text NOT NULL,
  slot_id text NOT NULL,
  -- The order the rows were written in: a reload reads them so.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (event_id, room_id, slot_id),
  FOREIGN KEY (event_id, room_id) REFERENCES rooms(event_id, id) ON DELETE CASCADE,
  FOREIGN KEY (event_id, slot_id) REFERENCES slots(event_id, id) ON DELETE CASCADE
);

-- Every change, in order. `result` is the ack data without secrets, answered again to a retry.
CREATE TABLE event_log (
  event_id integer NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  version integer NOT NULL,
  command_id text,
  command text NOT NULL,
  actor text NOT NULL,
  events text NOT NULL,
  result text,
  created_at text NOT NULL,
  -- Undo and redo: the events that take a change back, and which change an undo or redo refers to.
  inverse text,
  undo_of integer,
  redo_of integer,
  -- A change that continues the one before (hands counted in a row) names it: one step of undo, one line of history.
  amends integer,
  -- The device a logged command came from (its handshake id, hashed; NULL without one).
  device text,
  PRIMARY KEY (event_id, version),
  UNIQUE (event_id, command_id)
);

CREATE INDEX event_log_amends ON event_log(event_id, amends) WHERE amends IS NOT NULL;

-- What each session's calendar entry said when a feed last showed it, and its SEQUENCE.
CREATE TABLE calendar_entries (
  event_id integer NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  session_id text NOT NULL,
  fingerprint text NOT NULL,
  sequence integer NOT NULL,
  PRIMARY KEY (event_id, session_id)
);

-- "Interested" tapped on a phone: one row per session and device (no version, no log, no undo).
CREATE TABLE session_taps (
  event_id integer NOT NULL,
  session_id text NOT NULL,
  device text NOT NULL,
  PRIMARY KEY (event_id, session_id, device),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, id) ON DELETE CASCADE
);

-- The server's own secret (server/auth.ts), one row made at the first start from 256 random
-- bits; never shown, logged or exported.
CREATE TABLE server_secret (
  id integer PRIMARY KEY CHECK (id = 1),
  secret bytea NOT NULL CHECK (length(secret) >= 32)
);

-- A phone's own calendar feed: the sessions it starred (ids separated by commas, in the order
-- the phone sent them), by the hash of its feed id; no stars, no row.
CREATE TABLE star_feeds (
  event_id integer NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  feed_hash text NOT NULL,
  sessions text NOT NULL CHECK (sessions <> ''),
  updated_at text NOT NULL,
  PRIMARY KEY (event_id, feed_hash)
);

-- Web Push: the server's key pair (VAPID), made at the first start and kept.
CREATE TABLE push_keys (
  id integer PRIMARY KEY CHECK (id = 1),
  public_key text NOT NULL,
  private_key text NOT NULL
);

-- A phone's wish to hear when a session it starred changes: one subscription per feed.
CREATE TABLE push_subscriptions (
  event_id integer NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  feed_hash text NOT NULL,
  endpoint text NOT NULL,
  p256dh text NOT NULL,
  auth text NOT NULL,
  lang text NOT NULL CHECK (lang IN ('de', 'en')),
  created_at text NOT NULL,
  PRIMARY KEY (event_id, feed_hash)
);
