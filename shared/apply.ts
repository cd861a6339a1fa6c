// apply: the board after one event. Pure and total: the server, every phone and every
// projector run this same function, so they cannot disagree about what an event means.
import { cellIn, idleTimer, orderedRooms, sameCell, type Board, type Cell, type Room, type Session, type Slot } from './board.ts';
import { exhaustiveSwitchError } from './errors.ts';
import type { DomainEvent } from './events.ts';
import { withNotesUrl } from './notes-link.ts';

function updateSession(board: Board, sessionId: string, change: (session: Session) => Session): Board {
  return { ...board, sessions: board.sessions.map((s) => (s.id === sessionId ? change(s) : s)) };
}

// Days and slots keep the order the database loads them in, so a reload equals apply: days by
// date, slots in time order (their day's date, then start; day ids are random, so ordering by id
// could put day 2 first).
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byDate = (days: Board['days']) => [...days].sort((a, b) => compare(a.date, b.date));
function inTimeOrder(days: Board['days'], slots: Slot[]): Slot[] {
  const dateOf = new Map(days.map((day) => [day.id, day.date]));
  return [...slots].sort(
    (a, b) => compare(dateOf.get(a.dayId) ?? '', dateOf.get(b.dayId) ?? '') || compare(a.dayId, b.dayId) || compare(a.start, b.start) || compare(a.id, b.id),
  );
}

/** The board without the cells (and slots) that `gone` names: placements and blocks there go too. */
function withoutCells(board: Board, gone: (cell: Cell) => boolean, slotGone: (slot: Slot) => boolean = () => false): Board {
  return {
    ...board,
    slots: board.slots.filter((s) => !slotGone(s)),
    placements: board.placements.filter((p) => !gone(p)),
    blocked: board.blocked.filter((b) => !gone(b)),
  };
}

/** Rooms in the given order, numbered 0, 1, 2, … */
function renumbered(rooms: readonly Room[]): Room[] {
  return rooms.map((room, position) => (room.position === position ? room : { ...room, position }));
}

export function apply(board: Board, event: DomainEvent): Board {
  switch (event.type) {
    case 'session.submitted':
      // A new session waits for its turn at the microphone, unless it was entered after its pitch.
      return {
        ...board,
        sessions: [...board.sessions, withNotesUrl(board.event, event.session)],
        pitch: event.pitched ? board.pitch : { ...board.pitch, queue: [...board.pitch.queue, event.session.id] },
      };
    case 'session.dequeued':
      return { ...board, pitch: { ...board.pitch, queue: board.pitch.queue.filter((id) => id !== event.sessionId) } };
    case 'session.queued': {
      if (board.pitch.queue.includes(event.sessionId)) return board;
      const queue = [...board.pitch.queue];
      queue.splice(event.queueIndex, 0, event.sessionId);
      return { ...board, pitch: { ...board.pitch, queue } };
    }
    case 'session.updated':
      // A new title or link moves the notes' address along.
      return updateSession(board, event.sessionId, (s) => withNotesUrl(board.event, { ...s, ...event.changes, revision: event.revision }));
    case 'session.withdrawn': {
      const withdrawn = updateSession(board, event.sessionId, (s) => ({ ...s, status: 'withdrawn' }));
      const { queue, current } = board.pitch;
      const wasCurrent = current === event.sessionId;
      return {
        ...withdrawn,
        pitch: {
          queue: queue.filter((id) => id !== event.sessionId),
          current: wasCurrent ? null : current,
          timer: wasCurrent ? idleTimer(board.event.pitchSeconds) : board.pitch.timer,
        },
      };
    }
    case 'session.placed': {
      const others = board.placements.filter((p) => p.sessionId !== event.sessionId);
      const placement = { sessionId: event.sessionId, roomId: event.roomId, slotId: event.slotId };
      return { ...board, placements: [...others, placement] };
    }
    case 'session.unplaced':
      return { ...board, placements: board.placements.filter((p) => p.sessionId !== event.sessionId) };
    case 'session.interest_set':
      return updateSession(board, event.sessionId, (s) => ({ ...s, interest: event.interest }));
    case 'session.restored': {
      const restored = updateSession(board, event.sessionId, (s) => ({ ...s, status: 'pitched' }));
      if (event.queueIndex === null || board.pitch.queue.includes(event.sessionId)) return restored;
      const queue = [...board.pitch.queue];
      queue.splice(event.queueIndex, 0, event.sessionId);
      return { ...restored, pitch: { ...board.pitch, queue } };
    }
    case 'session.token_reissued':
    case 'event.key_rotated':
      return board;
    case 'event.updated': {
      const settings = { ...board.event, ...event.changes };
      // A new template moves the notes of every session that follows it.
      const sessions = event.changes.notesLink === undefined ? board.sessions : board.sessions.map((s) => withNotesUrl(settings, s));
      return { ...board, event: settings, sessions };
    }
    case 'pitch.updated':
      return { ...board, pitch: event.pitch };
    case 'day.added': {
      const days = byDate([...board.days, event.day]);
      return { ...board, days, slots: inTimeOrder(days, [...board.slots, ...event.slots]) };
    }
    case 'day.updated': {
      // A new date moves the day's slots with it.
      const days = byDate(board.days.map((d) => (d.id === event.dayId ? { ...d, ...event.changes } : d)));
      return { ...board, days, slots: inTimeOrder(days, board.slots) };
    }
    case 'day.removed':
      return withoutCells({ ...board, days: board.days.filter((d) => d.id !== event.dayId) }, cellIn(board, event), (s) => s.dayId === event.dayId);
    case 'room.added': {
      // At its position among the others (the end for a new room, its old place when a removal
      // is undone); positions stay 0, 1, 2, … so that every reader orders rooms alike.
      const ordered = orderedRooms(board);
      ordered.splice(Math.min(Math.max(event.room.position, 0), ordered.length), 0, event.room);
      return { ...board, rooms: renumbered(ordered) };
    }
    case 'room.updated':
      return { ...board, rooms: board.rooms.map((r) => (r.id === event.roomId ? { ...r, ...event.changes } : r)) };
    case 'room.moved': {
      const ordered = orderedRooms(board).filter((r) => r.id !== event.roomId);
      ordered.splice(
        event.toIndex,
        0,
        board.rooms.find((r) => r.id === event.roomId)!,
      );
      return { ...board, rooms: renumbered(ordered) };
    }
    case 'room.removed':
      return withoutCells({ ...board, rooms: renumbered(orderedRooms(board).filter((r) => r.id !== event.roomId)) }, cellIn(board, event));
    case 'slot.added':
      return { ...board, slots: inTimeOrder(board.days, [...board.slots, event.slot]) };
    case 'slot.updated':
      return {
        ...board,
        slots: inTimeOrder(
          board.days,
          board.slots.map((s) => (s.id === event.slotId ? { ...s, ...event.changes } : s)),
        ),
      };
    case 'slot.removed':
      return withoutCells(board, cellIn(board, event), (s) => s.id === event.slotId);
    case 'cell.blocked':
      return { ...board, blocked: [...board.blocked, { roomId: event.roomId, slotId: event.slotId }] };
    case 'cell.unblocked':
      return { ...board, blocked: board.blocked.filter((b) => !sameCell(b, event)) };
    case 'session.extended':
      return { ...board, placements: [...board.placements, { sessionId: event.sessionId, roomId: event.roomId, slotId: event.slotId }] };
    case 'session.shrunk':
      return { ...board, placements: board.placements.filter((p) => !(p.sessionId === event.sessionId && sameCell(p, event))) };
    default:
      return exhaustiveSwitchError(event);
  }
}

export function applyAll(board: Board, events: readonly DomainEvent[]): Board {
  return events.reduce(apply, board);
}
