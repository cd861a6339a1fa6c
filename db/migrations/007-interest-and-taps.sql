-- The hands counted may be "not counted yet" (NULL): until then the phones' taps count. A 0 of
-- before this migration was the default, never a count.
ALTER TABLE sessions ADD COLUMN hands INTEGER CHECK (hands BETWEEN 0 AND 9999);
UPDATE sessions SET hands = NULLIF(interest, 0);
ALTER TABLE sessions DROP COLUMN interest;
ALTER TABLE sessions RENAME COLUMN hands TO interest;

-- "Interested" tapped on a phone: one row per session and device, kept apart from the board's
-- tables and its log (a tap is no change of the plan: no version, no undo).
CREATE TABLE session_taps (
  event_id INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  device TEXT NOT NULL,
  PRIMARY KEY (event_id, session_id, device),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Hands counted for one session in a row (one + after another, or during its pitch) are one step
-- of undo and one line of the history: a change that continues the one before names it here.
ALTER TABLE event_log ADD COLUMN amends INTEGER;
CREATE INDEX event_log_amends ON event_log(event_id, amends) WHERE amends IS NOT NULL;
