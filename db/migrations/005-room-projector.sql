-- Whether a room has a projector: a giver's wish for one is honoured once the rooms say so.
ALTER TABLE rooms ADD COLUMN projector INTEGER NOT NULL DEFAULT 0 CHECK (projector IN (0, 1));
