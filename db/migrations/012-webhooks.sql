-- Outgoing webhooks (server/webhooks.ts): addresses the facilitator gave, told of every change.
-- Kept beside the board: no version, no log, never in a snapshot, a broadcast or an export. The
-- signing secret is not kept: it is derived under the server's secret from `seed` (the adding
-- command's id, or a random one). `failing_since` is when its posts were last given up.
CREATE TABLE webhooks (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  webhook_id TEXT NOT NULL,
  url TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('json', 'text')),
  seed TEXT NOT NULL,
  command_id TEXT,
  failing_since TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, webhook_id),
  UNIQUE (event_id, command_id)
) STRICT;
