-- Notes links (shared/notes-link.ts): the event's template for every session's notes, and a
-- session's own link instead of it; '' for none. Where a session's notes are follows from these
-- and is not kept.
ALTER TABLE events ADD COLUMN notes_link TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN notes_link TEXT NOT NULL DEFAULT '';
