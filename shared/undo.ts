// Undo and redo: the events that take a change back, computed from the board before it, and the
// check that they still fit the board now (later changes may have made them impossible).
import { apply } from './apply.ts';
import { cellsOf, findSession, isBlocked, orderedRooms, placementAt, placementsIn, slotsOfDay, type Board } from './board.ts';
import { exhaustiveSwitchError } from './errors.ts';
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
    stacks.undoable.push(step.version);
    stacks.redoable.length = 0;
  }
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
      return [{ type: 'session.interest_set', sessionId: event.sessionId, interest: findSession(board, event.sessionId)?.interest ?? 0 }];
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

/**
 * Prepares events recorded earlier for the board now: text edits get the next revision. Then
 * checks they still fit; the reason says what a later change made impossible.
 */
export function replayable(board: Board, events: readonly DomainEvent[]): { events: DomainEvent[] } | { reason: string } {
  const ready: DomainEvent[] = [];
  let state = board;
  for (const recorded of events) {
    const event: DomainEvent =
      recorded.type === 'session.updated' ? { ...recorded, revision: (findSession(state, recorded.sessionId)?.revision ?? 0) + 1 } : recorded;
    const reason = whyNot(state, event);
    if (reason) return { reason };
    ready.push(event);
    state = apply(state, event);
  }
  return { events: ready };
}

function cellProblem(board: Board, sessionId: string, roomId: string, slotId: string): string | undefined {
  const room = board.rooms.find((r) => r.id === roomId);
  const slot = board.slots.find((s) => s.id === slotId);
  if (!room || !slot) return 'its room or time slot was removed since';
  if (slot.kind !== 'session') return `${slot.start} is a break now`;
  if (isBlocked(board, { roomId, slotId })) return `${room.name} is not available at ${slot.start} now`;
  const occupant = placementAt(board, { roomId, slotId });
  if (occupant && occupant.sessionId !== sessionId) {
    return `${room.name} at ${slot.start} now holds "${findSession(board, occupant.sessionId)?.title ?? 'another session'}"`;
  }
  return undefined;
}

function whyNot(board: Board, event: DomainEvent): string | undefined {
  const sessionGone = (id: string) => (findSession(board, id) ? undefined : 'the session does not exist any more');
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
      return inside ? `"${findSession(board, inside.sessionId)?.title}" was placed there since` : undefined;
    }
    case 'room.added':
      return board.rooms.some((r) => r.id === event.room.id) ? 'the room exists already' : undefined;
    case 'slot.added': {
      const clash = board.slots.find((s) => s.dayId === event.slot.dayId && s.start < event.slot.end && event.slot.start < s.end);
      if (!board.days.some((d) => d.id === event.slot.dayId)) return 'its day was removed since';
      return clash ? `it would overlap ${clash.start}–${clash.end}, added since` : undefined;
    }
    case 'day.added':
      return board.days.some((d) => d.date === event.day.date) ? `there is a day on ${event.day.date} now` : undefined;
    case 'slot.updated':
      return board.slots.some((s) => s.id === event.slotId) ? undefined : 'the time slot was removed since';
    case 'room.updated':
    case 'room.moved':
      return board.rooms.some((r) => r.id === event.roomId) ? undefined : 'the room was removed since';
    case 'day.updated':
      return board.days.some((d) => d.id === event.dayId) ? undefined : 'the day was removed since';
    case 'cell.blocked':
    case 'cell.unblocked':
      return board.rooms.some((r) => r.id === event.roomId) && board.slots.some((s) => s.id === event.slotId)
        ? undefined
        : 'its room or time slot was removed since';
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
