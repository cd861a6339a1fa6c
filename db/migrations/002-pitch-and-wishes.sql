-- The pitch queue with its countdown (one JSON value per event), the wishes of session givers.
ALTER TABLE events ADD COLUMN pitch TEXT;
ALTER TABLE sessions ADD COLUMN wishes TEXT NOT NULL DEFAULT '{"timing":"any","leaveBy":null,"needsProjector":false}';
