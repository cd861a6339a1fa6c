-- Outgoing webhooks (server/webhooks.ts): addresses the facilitator gave, told of every change.
-- Kept beside the board: no version, no log, never in a snapshot, a broadcast or an export. The
-- signing secret is not kept: it is derived under the server's secret from `seed` (the adding
-- command's id, or a random one). `failing_since` is when its posts were last given up.
CREATE TABLE webhooks (
  event_id integer NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  webhook_id text NOT NULL,
  url text NOT NULL,
  format text NOT NULL CHECK (format IN ('json', 'text')),
  seed text NOT NULL,
  command_id text,
  failing_since text,
  created_at text NOT NULL,
  PRIMARY KEY (event_id, webhook_id),
  UNIQUE (event_id, command_id)
);
