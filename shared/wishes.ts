// Where a placement goes against what the session giver asked for. Shown to the facilitator as
// a warning on the card; never enforced: the facilitator decides.
import { cellsOf, findSession, slotsOfDay, type Board, type Room, type SessionWishes, type Slot } from './board.ts';

export type WishConflict = 'wants_before_lunch' | 'wants_after_lunch' | 'leaves_before_end' | 'no_projector';

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The lunch break of a day: its longest break slot (the first of equals). */
export function lunchOf(board: Board, dayId: string): Slot | undefined {
  return slotsOfDay(board, dayId)
    .filter((slot) => slot.kind === 'break')
    .reduce<Slot | undefined>((best, slot) => {
      const length = minutes(slot.end) - minutes(slot.start);
      return !best || length > minutes(best.end) - minutes(best.start) ? slot : best;
    }, undefined);
}

export function wishConflicts(board: Board, sessionId: string): WishConflict[] {
  const session = findSession(board, sessionId);
  const cells = cellsOf(board, sessionId);
  const slots = cells.flatMap((cell) => board.slots.find((s) => s.id === cell.slotId) ?? []);
  const rooms = cells.flatMap((cell) => board.rooms.find((r) => r.id === cell.roomId) ?? []);
  const [first, last] = [slots[0], slots.at(-1)];
  if (!session || !first || !last) return [];
  const conflicts = timeConflicts(board, session.wishes, first, last);
  if (rooms.some((room) => lacksProjector(board, session.wishes, room))) conflicts.push('no_projector');
  return conflicts;
}

/** Whether the rooms say which of them have a projector: until one does, nobody knows, and the wish cannot be weighed. */
export function roomsTellProjectors(board: Board): boolean {
  return board.rooms.some((room) => room.projector);
}

/** Whether a session that wants a projector would be in a room without one. */
export function lacksProjector(board: Board, wishes: SessionWishes, room: Room): boolean {
  return wishes.needsProjector && !room.projector && roomsTellProjectors(board);
}

/** Whether a session with these wishes fits a room at a slot: the side of lunch, leaving in time, a projector where one is wanted. */
export function fitsWishes(board: Board, wishes: SessionWishes, room: Room, slot: Slot): boolean {
  return timeConflicts(board, wishes, slot, slot).length === 0 && !lacksProjector(board, wishes, room);
}

/** Whether a session asks for anything the plan can go against (a projector only where rooms say which have one). */
export function hasWishes(board: Board, wishes: SessionWishes): boolean {
  return wishes.timing !== 'any' || Boolean(wishes.leaveBy) || (wishes.needsProjector && roomsTellProjectors(board));
}

/**
 * What a session held from `first` to `last` (one slot, or two for a double session) would go
 * against: before or after lunch, and the time the giver has to leave by.
 */
export function timeConflicts(board: Board, wishes: SessionWishes, first: Slot, last: Slot): WishConflict[] {
  const conflicts: WishConflict[] = [];
  const lunch = lunchOf(board, first.dayId);
  if (lunch && wishes.timing === 'before_lunch' && last.start >= lunch.end) conflicts.push('wants_before_lunch');
  if (lunch && wishes.timing === 'after_lunch' && first.end <= lunch.start) conflicts.push('wants_after_lunch');
  if (wishes.leaveBy && wishes.leaveBy < last.end) conflicts.push('leaves_before_end');
  return conflicts;
}
