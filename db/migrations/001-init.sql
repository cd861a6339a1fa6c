-- Pitchboard schema, version 1. Forward-only: never edit a released migration, add a new file.

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  timezone TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('de', 'en')),
  claiming TEXT NOT NULL DEFAULT 'closed' CHECK (claiming IN ('closed', 'open')),
  pitch_seconds INTEGER NOT NULL DEFAULT 30,
  facilitator_key_hash TEXT NOT NULL,
  -- Bumped by one with every change; equals the newest version in event_log.
  version INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE days (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  date TEXT NOT NULL,
  label TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (event_id, id)
) STRICT;

CREATE TABLE rooms (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  capacity INTEGER,
  position INTEGER NOT NULL,
  PRIMARY KEY (event_id, id)
) STRICT;

CREATE TABLE slots (
  event_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  day_id TEXT NOT NULL,
  start TEXT NOT NULL,
  end TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('session', 'break')),
  label TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, id),
  FOREIGN KEY (event_id, day_id) REFERENCES days(event_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE sessions (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  -- Submission order: the order of the tray and, later, of the pitch queue.
  seq INTEGER NOT NULL,
  title TEXT NOT NULL,
  host TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]',
  interest INTEGER NOT NULL DEFAULT 0,
  revision INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL CHECK (status IN ('pitched', 'withdrawn')),
  -- sha256 of the giver's token; the token itself is never stored.
  giver_token_hash TEXT,
  PRIMARY KEY (event_id, id)
) STRICT;

CREATE TABLE placements (
  event_id INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  room_id TEXT NOT NULL,
  slot_id TEXT NOT NULL,
  -- A cell holds at most one session, enforced by the database as well as by decide.
  PRIMARY KEY (event_id, room_id, slot_id),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, id) ON DELETE CASCADE,
  FOREIGN KEY (event_id, room_id) REFERENCES rooms(event_id, id) ON DELETE CASCADE,
  FOREIGN KEY (event_id, slot_id) REFERENCES slots(event_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX placements_by_session ON placements(event_id, session_id);

-- Every change, in order. `result` is the ack data without secrets, answered again to a retry.
CREATE TABLE event_log (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  command_id TEXT,
  command TEXT NOT NULL,
  actor TEXT NOT NULL,
  events TEXT NOT NULL,
  result TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, version),
  UNIQUE (event_id, command_id)
) STRICT;
