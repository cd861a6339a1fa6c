-- Undo and redo: the events that take a change back, and which change an undo or redo refers to.
ALTER TABLE event_log ADD COLUMN inverse TEXT;
ALTER TABLE event_log ADD COLUMN undo_of INTEGER;
ALTER TABLE event_log ADD COLUMN redo_of INTEGER;
