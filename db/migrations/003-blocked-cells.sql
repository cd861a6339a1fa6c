-- Cells that take no session: a room not available in one slot.
CREATE TABLE blocked_cells (
  event_id INTEGER NOT NULL,
  room_id TEXT NOT NULL,
  slot_id TEXT NOT NULL,
  PRIMARY KEY (event_id, room_id, slot_id),
  FOREIGN KEY (event_id, room_id) REFERENCES rooms(event_id, id) ON DELETE CASCADE,
  FOREIGN KEY (event_id, slot_id) REFERENCES slots(event_id, id) ON DELETE CASCADE
) STRICT;
