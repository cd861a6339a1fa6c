// Undo and redo: the events that take a change back, computed from the board before it, and the
// check that they still fit the board now (later changes may have made them impossible).
import { apply } from './apply.ts';
import { cellsOf, findSession, isBlocked, orderedRooms, placementAt, placementsIn, slotsOfDay, type Board } from './board.ts';
import { exhaustiveSwitchError, type UndoObstacle } from './errors.ts';
import type { DomainEvent, EventSettingsChanges, SessionTextChanges } from './events.ts';

/** The facilitator's undo and redo stacks: versions of the changes each would take back or bring back. */
export interface UndoStacks {
  undoable: number[];
  redoable: number[];
}

/** What the facilitator's undo and redo buttons can do now. */
export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
}

/** One logged facilitator change, as far as undo and redo care. */
export interface UndoStep {
  version: number;
  undoOf: number | null;
  redoOf: number | null;
  /** The change this one continues as one step (hands counted in a row): undo takes both back at once. */
  amends?: number | null;
  /** Whether it recorded events that take it back. */
  undoable: boolean;
}

/**
 * Moves the stacks on by one more facilitator change (in place: a long day's stacks are not
 * copied per change). A new change can be undone and clears what could be redone. An undo can
 * itself be taken back (that is redo), and a redo undone again.
 */
export function recordStep(stacks: UndoStacks, step: UndoStep): void {
  const remove = (versions: number[], version: number) => {
    const at = versions.lastIndexOf(version);
    if (at >= 0) versions.splice(at, 1);
  };
  if (step.undoOf !== null) {
    remove(stacks.undoable, step.undoOf);
    stacks.redoable.push(step.version);
  } else if (step.redoOf !== null) {
    remove(stacks.redoable, step.redoOf);
    stacks.undoable.push(step.version);
  } else if (step.undoable) {
    if (step.amends != null) remove(stacks.undoable, step.amends);
    stacks.undoable.push(step.version);
    stacks.redoable.length = 0;
  }
}

/** Hands counted for one session at most this far apart are one step of undo. */
export const ONE_COUNT_MS = 10_000;

/**
 * Whether the facilitator's new count of a session's hands continues the count before it (the
 * writer hands over only the facilitator's change of the same command) as one step: that change
 * counted the same session's hands, and came at most ONE_COUNT_MS before, or the session is at
 * the microphone (a count during a pitch may take as long as the pitch). Five "+" in a row are
 * then one line of the history and one undo.
 */
export function continuesCount(previous: { events: readonly DomainEvent[]; at: string }, board: Board, sessionId: string, now: number): boolean {
  const [counted] = previous.events;
  if (counted?.type !== 'session.interest_set' || counted.sessionId !== sessionId) return false;
  return board.pitch.current === sessionId || now - Date.parse(previous.at) <= ONE_COUNT_MS;
}

export function undoStateOf(stacks: UndoStacks): UndoState {
  return { canUndo: stacks.undoable.length > 0, canRedo: stacks.redoable.length > 0 };
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as Pick<T, K>;
}

/** The events that undo `events`, given the board before them (in reverse order of effect). */
export function invert(before: Board, events: readonly DomainEvent[]): DomainEvent[] {
  const inverse: DomainEvent[][] = [];
  let board = before;
  for (const event of events) {
    inverse.push(invertOne(board, event));
    board = apply(board, event);
  }
  return inverse.reverse().flat();
}

function restorePlacement(board: Board, sessionId: string): DomainEvent[] {
  const [first, ...rest] = cellsOf(board, sessionId);
  if (!first) return [{ type: 'session.unplaced', sessionId }];
  return [
    { type: 'session.placed', sessionId, roomId: first.roomId, slotId: first.slotId },
    ...rest.map((cell): DomainEvent => ({ type: 'session.extended', sessionId, roomId: cell.roomId, slotId: cell.slotId })),
  ];
}

function invertOne(board: Board, event: DomainEvent): DomainEvent[] {
  switch (event.type) {
    case 'session.submitted':
      return [{ type: 'session.withdrawn', sessionId: event.session.id }];
    case 'session.updated': {
      const session = findSession(board, event.sessionId)!;
      const old = pick(session, Object.keys(event.changes) as Array<keyof SessionTextChanges>) as SessionTextChanges;
      return [{ type: 'session.updated', sessionId: event.sessionId, changes: old, revision: 0 }];
    }
    case 'session.withdrawn': {
      const index = board.pitch.queue.indexOf(event.sessionId);
      return [{ type: 'session.restored', sessionId: event.sessionId, queueIndex: index < 0 ? null : index }];
    }
    case 'session.restored':
      return [{ type: 'session.withdrawn', sessionId: event.sessionId }];
    case 'session.placed':
    case 'session.unplaced':
      return restorePlacement(board, event.sessionId);
    case 'session.extended':
      return [{ type: 'session.shrunk', sessionId: event.sessionId, roomId: event.roomId, slotId: event.slotId }];
    case 'session.shrunk':
      return [{ type: 'session.extended', sessionId: event.sessionId, roomId: event.roomId, slotId: event.slotId }];
    case 'session.interest_set':
      return [{ type: 'session.interest_set', sessionId: event.sessionId, interest: findSession(board, event.sessionId)?.interest ?? null }];
    case 'event.updated':
      return [{ type: 'event.updated', changes: pick(board.event, Object.keys(event.changes) as Array<keyof EventSettingsChanges>) }];
    case 'day.added':
      return [{ type: 'day.removed', dayId: event.day.id }];
    case 'day.updated': {
      const day = board.days.find((d) => d.id === event.dayId)!;
      return [{ type: 'day.updated', dayId: day.id, changes: pick(day, Object.keys(event.changes) as Array<'date' | 'label'>) }];
    }
    case 'day.removed': {
      const day = board.days.find((d) => d.id === event.dayId)!;
      const blocks = board.blocked.filter((b) => board.slots.some((s) => s.id === b.slotId && s.dayId === day.id));
      return [{ type: 'day.added', day, slots: slotsOfDay(board, day.id) }, ...blocks.map((b): DomainEvent => ({ type: 'cell.blocked', ...b }))];
    }
    case 'room.added':
      return [{ type: 'room.removed', roomId: event.room.id }];
    case 'room.updated': {
      const room = board.rooms.find((r) => r.id === event.roomId)!;
      return [{ type: 'room.updated', roomId: room.id, changes: pick(room, Object.keys(event.changes) as Array<'name' | 'capacity' | 'projector'>) }];
    }
    case 'room.moved':
      return [{ type: 'room.moved', roomId: event.roomId, toIndex: orderedRooms(board).findIndex((r) => r.id === event.roomId) }];
    case 'room.removed': {
      const room = board.rooms.find((r) => r.id === event.roomId)!;
      const blocks = board.blocked.filter((b) => b.roomId === room.id);
      // Back with its old position number: between the same neighbours as before.
      return [{ type: 'room.added', room }, ...blocks.map((b): DomainEvent => ({ type: 'cell.blocked', ...b }))];
    }
    case 'slot.added':
      return [{ type: 'slot.removed', slotId: event.slot.id }];
    case 'slot.updated': {
      const slot = board.slots.find((s) => s.id === event.slotId)!;
      return [{ type: 'slot.updated', slotId: slot.id, changes: pick(slot, Object.keys(event.changes) as Array<'start' | 'end' | 'kind' | 'label'>) }];
    }
    case 'slot.removed': {
      const slot = board.slots.find((s) => s.id === event.slotId)!;
      const blocks = board.blocked.filter((b) => b.slotId === slot.id);
      return [{ type: 'slot.added', slot }, ...blocks.map((b): DomainEvent => ({ type: 'cell.blocked', ...b }))];
    }
    case 'cell.blocked':
      return [{ type: 'cell.unblocked', roomId: event.roomId, slotId: event.slotId }];
    case 'cell.unblocked':
      return [{ type: 'cell.blocked', roomId: event.roomId, slotId: event.slotId }];
    case 'session.token_reissued':
    case 'event.key_rotated':
    case 'pitch.updated':
      return [];
    case 'session.dequeued':
      return [{ type: 'session.queued', sessionId: event.sessionId, queueIndex: Math.max(0, board.pitch.queue.indexOf(event.sessionId)) }];
    case 'session.queued':
      return [{ type: 'session.dequeued', sessionId: event.sessionId }];
    default:
      return exhaustiveSwitchError(event);
  }
}

// The obstacle is a detail of a refusal, so its type lives with the refusal's (errors.ts).
export type { UndoObstacle };

export function undoObstacleText(obstacle: UndoObstacle): string {
  switch (obstacle.kind) {
    case 'session_gone':
      return 'the session does not exist any more';
    case 'cell_gone':
      return 'its room or time slot was removed since';
    case 'break':
      return `${obstacle.time} is a break now`;
    case 'closed':
      return `${obstacle.room} is not available at ${obstacle.time} now`;
    case 'taken':
      return `${obstacle.room} at ${obstacle.time} now holds "${obstacle.title}"`;
    case 'placed_since':
      return `"${obstacle.title}" was placed there since`;
    case 'room_exists':
      return 'the room exists already';
    case 'room_gone':
      return 'the room was removed since';
    case 'slot_gone':
      return 'the time slot was removed since';
    case 'day_gone':
      return 'the day was removed since';
    case 'overlap':
      return `it would overlap ${obstacle.start}–${obstacle.end}, added since`;
    case 'date_taken':
      return `there is a day on ${obstacle.date} now`;
    default:
      return exhaustiveSwitchError(obstacle);
  }
}

/**
 * Prepares events recorded earlier for the board now: text edits get the next revision. Then
 * checks they still fit; the obstacle says what a later change made impossible.
 */
export function replayable(board: Board, events: readonly DomainEvent[]): { events: DomainEvent[] } | { obstacle: UndoObstacle } {
  const ready: DomainEvent[] = [];
  let state = board;
  for (const recorded of events) {
    const event: DomainEvent =
      recorded.type === 'session.updated' ? { ...recorded, revision: (findSession(state, recorded.sessionId)?.revision ?? 0) + 1 } : recorded;
    const obstacle = whyNot(state, event);
    if (obstacle) return { obstacle };
    ready.push(event);
    state = apply(state, event);
  }
  return { events: ready };
}

/** A session's title for a sentence; a placement always has its session on a sound board. */
const titleOf = (board: Board, sessionId: string) => findSession(board, sessionId)?.title ?? '';

function cellProblem(board: Board, sessionId: string, roomId: string, slotId: string): UndoObstacle | undefined {
  const room = board.rooms.find((r) => r.id === roomId);
  const slot = board.slots.find((s) => s.id === slotId);
  if (!room || !slot) return { kind: 'cell_gone' };
  if (slot.kind !== 'session') return { kind: 'break', time: slot.start };
  if (isBlocked(board, { roomId, slotId })) return { kind: 'closed', room: room.name, time: slot.start };
  const occupant = placementAt(board, { roomId, slotId });
  if (occupant && occupant.sessionId !== sessionId) {
    return { kind: 'taken', room: room.name, time: slot.start, title: titleOf(board, occupant.sessionId) };
  }
  return undefined;
}

function whyNot(board: Board, event: DomainEvent): UndoObstacle | undefined {
  const sessionGone = (id: string): UndoObstacle | undefined => (findSession(board, id) ? undefined : { kind: 'session_gone' });
  switch (event.type) {
    case 'session.placed':
      return sessionGone(event.sessionId) ?? cellProblem(board, event.sessionId, event.roomId, event.slotId);
    case 'session.extended':
      return sessionGone(event.sessionId) ?? cellProblem(board, event.sessionId, event.roomId, event.slotId);
    case 'session.updated':
    case 'session.withdrawn':
    case 'session.restored':
    case 'session.unplaced':
    case 'session.shrunk':
    case 'session.interest_set':
      return sessionGone(event.sessionId);
    case 'room.removed':
    case 'slot.removed':
    case 'day.removed': {
      const [inside] = placementsIn(board, event);
      return inside ? { kind: 'placed_since', title: titleOf(board, inside.sessionId) } : undefined;
    }
    case 'room.added':
      return board.rooms.some((r) => r.id === event.room.id) ? { kind: 'room_exists' } : undefined;
    case 'slot.added': {
      const clash = board.slots.find((s) => s.dayId === event.slot.dayId && s.start < event.slot.end && event.slot.start < s.end);
      if (!board.days.some((d) => d.id === event.slot.dayId)) return { kind: 'day_gone' };
      return clash ? { kind: 'overlap', start: clash.start, end: clash.end } : undefined;
    }
    case 'day.added':
      return board.days.some((d) => d.date === event.day.date) ? { kind: 'date_taken', date: event.day.date } : undefined;
    case 'slot.updated':
      return board.slots.some((s) => s.id === event.slotId) ? undefined : { kind: 'slot_gone' };
    case 'room.updated':
    case 'room.moved':
      return board.rooms.some((r) => r.id === event.roomId) ? undefined : { kind: 'room_gone' };
    case 'day.updated':
      return board.days.some((d) => d.id === event.dayId) ? undefined : { kind: 'day_gone' };
    case 'cell.blocked':
    case 'cell.unblocked':
      return board.rooms.some((r) => r.id === event.roomId) && board.slots.some((s) => s.id === event.slotId) ? undefined : { kind: 'cell_gone' };
    // Nothing a later change can stand in the way of.
    case 'session.submitted':
    case 'session.token_reissued':
    case 'event.updated':
    case 'pitch.updated':
    case 'event.key_rotated':
    case 'session.dequeued':
      return undefined;
    case 'session.queued':
      return sessionGone(event.sessionId);
    default:
      return exhaustiveSwitchError(event);
  }
}
