// Read-only questions about a board that several views ask.
import { findSession, orderedRooms, placementAt, slotsOfDay, type Board, type Room, type Session, type Slot } from '../../shared/board.ts';

export interface PlannedEntry {
  room: Room;
  session: Session;
}

export interface PlanRow {
  slot: Slot;
  entries: PlannedEntry[];
}

/** Per day, each slot in time order with the sessions placed in it (rooms in display order). */
export function planByDay(board: Board): Array<{ day: Board['days'][number]; rows: PlanRow[] }> {
  const rooms = orderedRooms(board);
  return board.days.map((day) => ({
    day,
    rows: slotsOfDay(board, day.id).map((slot) => ({
      slot,
      entries: rooms.flatMap((room) => {
        const placement = placementAt(board, { roomId: room.id, slotId: slot.id });
        const session = placement && findSession(board, placement.sessionId);
        return session ? [{ room, session }] : [];
      }),
    })),
  }));
}
