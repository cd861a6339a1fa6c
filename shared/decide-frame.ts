// Rules for reshaping the frame of an event live: days, rooms, slots, blocked cells and double
// sessions. Everything here is the facilitator's; sessions in a removed place go back to the tray.
import {
  cellIn,
  cellsOf,
  findSession,
  isBlocked,
  nextSlotOf,
  orderedRooms,
  placementAt,
  sameCell,
  slotsOfDay,
  sortableOrder,
  type Board,
  type Cell,
  type FramePart,
  type Room,
  type Slot,
} from './board.ts';
import type { Command, CommandPayload } from './commands.ts';
import { commandError, exhaustiveSwitchError, type CommandError } from './errors.ts';
import { dateProblem } from './fields.ts';
import type { DomainEvent } from './events.ts';

export type FrameCommand = Extract<
  Command,
  { type: `day:${string}` | `room:${string}` | `slot:${string}` | `cell:${string}` | 'session:extend' | 'session:shrink' }
>;

type Result = DomainEvent[] | CommandError;

const invalid = (message: string) => commandError('invalid', message);

/** Unplaces every session that holds a cell in a room, a slot, a day or one cell (once per session). */
function unplaceIn(board: Board, part: FramePart | Cell): DomainEvent[] {
  const inPart = 'roomId' in part && 'slotId' in part ? (c: Cell) => sameCell(c, part) : cellIn(board, part);
  const ids = new Set(board.placements.filter(inPart).map((p) => p.sessionId));
  return [...ids].map((sessionId) => ({ type: 'session.unplaced', sessionId }));
}

/** Why a slot's times do not fit its day: it ends before it starts, or it overlaps another slot. */
export function slotTimeProblem(
  board: Board,
  dayId: string,
  start: string,
  end: string,
  ignoreSlotId?: string,
): { kind: 'backwards' } | { kind: 'overlap'; with: Slot } | undefined {
  if (end <= start) return { kind: 'backwards' };
  const clash = slotsOfDay(board, dayId).find((s) => s.id !== ignoreSlotId && s.start < end && start < s.end);
  return clash ? { kind: 'overlap', with: clash } : undefined;
}

/** Whether another day than `dayId` is on `date`: two days of an event never share a date. */
export function dateTaken(board: Board, date: string, dayId?: string): boolean {
  return board.days.some((d) => d.date === date && d.id !== dayId);
}

/** The last room or day of an event stays: a plan needs one of each. */
export function isLastOfItsKind(board: Board, kind: 'room' | 'day'): boolean {
  return (kind === 'room' ? board.rooms : board.days).length === 1;
}

function overlapMessage(board: Board, dayId: string, start: string, end: string, ignoreSlotId?: string): string | undefined {
  const problem = slotTimeProblem(board, dayId, start, end, ignoreSlotId);
  if (problem?.kind === 'backwards') return `The slot must end after it starts (${start}–${end}).`;
  if (problem?.kind === 'overlap') return `${start}–${end} overlaps the slot ${problem.with.start}–${problem.with.end}.`;
  return undefined;
}

export function decideFrame(board: Board, command: FrameCommand, newId: (prefix: string) => string): Result {
  switch (command.type) {
    case 'day:add':
      return addDay(board, command.payload, newId);
    case 'day:update': {
      const { dayId, date, label } = command.payload;
      const day = board.days.find((d) => d.id === dayId);
      if (!day) return commandError('not_found', 'There is no such day.');
      const dateWrong = date === undefined ? undefined : dateProblem(date);
      if (dateWrong) return invalid(`The date "${date}" ${dateWrong}.`);
      if (date !== undefined && dateTaken(board, date, dayId)) return invalid(`There is a day on ${date} already.`);
      const changes = {
        ...(date !== undefined && date !== day.date ? { date } : {}),
        ...(label !== undefined && label.trim() !== day.label ? { label: label.trim() } : {}),
      };
      return Object.keys(changes).length ? [{ type: 'day.updated', dayId, changes }] : [];
    }
    case 'day:remove': {
      const { dayId } = command.payload;
      if (!board.days.some((d) => d.id === dayId)) return commandError('not_found', 'There is no such day.');
      if (isLastOfItsKind(board, 'day')) return invalid('An event needs at least one day.');
      return [...unplaceIn(board, { dayId }), { type: 'day.removed', dayId }];
    }
    case 'room:add': {
      const name = command.payload.name.trim();
      if (!name) return invalid('The room needs a name.');
      const position = Math.max(-1, ...board.rooms.map((r) => r.position)) + 1;
      return [
        {
          type: 'room.added',
          room: { id: newId('r'), name, capacity: command.payload.capacity ?? null, projector: command.payload.projector ?? false, position },
        },
      ];
    }
    case 'room:update': {
      const { roomId, name, capacity, projector } = command.payload;
      const room = board.rooms.find((r) => r.id === roomId);
      if (!room) return commandError('not_found', 'There is no such room.');
      if (name !== undefined && !name.trim()) return invalid('The room needs a name.');
      const changes = {
        ...(name !== undefined && name.trim() !== room.name ? { name: name.trim() } : {}),
        ...(capacity !== undefined && capacity !== room.capacity ? { capacity } : {}),
        ...(projector !== undefined && projector !== room.projector ? { projector } : {}),
      };
      return Object.keys(changes).length ? [{ type: 'room.updated', roomId, changes }] : [];
    }
    case 'room:move': {
      const { roomId, toIndex } = command.payload;
      const rooms = orderedRooms(board);
      const from = rooms.findIndex((r) => r.id === roomId);
      if (from < 0) return commandError('not_found', 'There is no such room.');
      const target = Math.min(toIndex, rooms.length - 1);
      return target === from ? [] : [{ type: 'room.moved', roomId, toIndex: target }];
    }
    case 'room:remove': {
      const { roomId } = command.payload;
      if (!board.rooms.some((r) => r.id === roomId)) return commandError('not_found', 'There is no such room.');
      if (isLastOfItsKind(board, 'room')) return invalid('An event needs at least one room.');
      return [...unplaceIn(board, { roomId }), { type: 'room.removed', roomId }];
    }
    case 'slot:add': {
      const { dayId, start, end, kind } = command.payload;
      if (!board.days.some((d) => d.id === dayId)) return commandError('not_found', 'There is no such day.');
      const overlap = overlapMessage(board, dayId, start, end);
      if (overlap) return invalid(overlap);
      const slot: Slot = { id: newId('t'), dayId, start, end, kind, label: command.payload.label?.trim() ?? '' };
      return [{ type: 'slot.added', slot }];
    }
    case 'slot:update':
      return updateSlot(board, command.payload);
    case 'slot:remove': {
      const { slotId } = command.payload;
      if (!board.slots.some((s) => s.id === slotId)) return commandError('not_found', 'There is no such time slot.');
      return [...unplaceIn(board, { slotId }), { type: 'slot.removed', slotId }];
    }
    case 'cell:block': {
      const found = bookableCell(board, command.payload);
      if ('code' in found) return found;
      const { cell } = found;
      if (isBlocked(board, cell)) return [];
      return [...unplaceIn(board, cell), { type: 'cell.blocked', ...cell }];
    }
    case 'cell:unblock': {
      const found = bookableCell(board, command.payload);
      if ('code' in found) return found;
      const { cell } = found;
      return isBlocked(board, cell) ? [{ type: 'cell.unblocked', ...cell }] : [];
    }
    case 'session:extend':
      return extend(board, command.payload.sessionId);
    case 'session:shrink': {
      const session = findSession(board, command.payload.sessionId);
      if (!session) return commandError('not_found', 'There is no such session.');
      const cells = cellsOf(board, session.id);
      if (cells.length < 2) return invalid('This is not a double session.');
      const last = cells.at(-1)!;
      return [{ type: 'session.shrunk', sessionId: session.id, roomId: last.roomId, slotId: last.slotId }];
    }
    default:
      return exhaustiveSwitchError(command);
  }
}

/** The room and slot of a cell named in a command, if both exist and the slot takes sessions. */
export function bookableCell(board: Board, cell: Cell): { cell: Cell; room: Room; slot: Slot } | CommandError {
  const room = board.rooms.find((r) => r.id === cell.roomId);
  if (!room) return commandError('not_found', 'There is no such room.');
  const slot = board.slots.find((s) => s.id === cell.slotId);
  if (!slot) return commandError('not_found', 'There is no such time slot.');
  if (slot.kind !== 'session') return commandError('not_bookable', `${slot.label || 'A break'} takes no session.`);
  return { cell: { roomId: room.id, slotId: slot.id }, room, slot };
}

function addDay(board: Board, payload: CommandPayload<'day:add'>, newId: (prefix: string) => string): Result {
  const dateWrong = dateProblem(payload.date);
  if (dateWrong) return invalid(`The date "${payload.date}" ${dateWrong}.`);
  if (dateTaken(board, payload.date)) return invalid(`There is a day on ${payload.date} already.`);
  const template = payload.copySlotsFrom ?? [...board.days].sort((a, b) => sortableOrder(a.date, b.date)).at(-1)?.id;
  if (payload.copySlotsFrom && !board.days.some((d) => d.id === payload.copySlotsFrom)) {
    return commandError('not_found', 'There is no such day to copy the slots from.');
  }
  const day = { id: newId('d'), date: payload.date, label: payload.label?.trim() ?? '' };
  const slots = template ? slotsOfDay(board, template).map((s) => ({ ...s, id: newId('t'), dayId: day.id })) : [];
  return [{ type: 'day.added', day, slots }];
}

function updateSlot(board: Board, payload: CommandPayload<'slot:update'>): Result {
  const slot = board.slots.find((s) => s.id === payload.slotId);
  if (!slot) return commandError('not_found', 'There is no such time slot.');
  const start = payload.start ?? slot.start;
  const end = payload.end ?? slot.end;
  const overlap = overlapMessage(board, slot.dayId, start, end, slot.id);
  if (overlap) return invalid(overlap);
  const changes = {
    ...(start !== slot.start ? { start } : {}),
    ...(end !== slot.end ? { end } : {}),
    ...(payload.kind !== undefined && payload.kind !== slot.kind ? { kind: payload.kind } : {}),
    ...(payload.label !== undefined && payload.label.trim() !== slot.label ? { label: payload.label.trim() } : {}),
  };
  if (Object.keys(changes).length === 0) return [];
  // A slot that becomes a break sends its sessions back to the tray; so does a double session
  // that would no longer sit in two neighbouring slots.
  const unplaced = changes.kind === 'break' ? unplaceIn(board, { slotId: slot.id }) : [];
  const blocks = changes.kind === 'break' ? board.blocked.filter((b) => b.slotId === slot.id) : [];
  return [...unplaced, ...blocks.map((b): DomainEvent => ({ type: 'cell.unblocked', ...b })), { type: 'slot.updated', slotId: slot.id, changes }];
}

function extend(board: Board, sessionId: string): Result {
  const session = findSession(board, sessionId);
  if (!session) return commandError('not_found', 'There is no such session.');
  const cells = cellsOf(board, sessionId);
  if (cells.length === 0) return invalid('Place the session first; then it can take a second slot.');
  if (cells.length > 1) return invalid('This is a double session already.');
  const [cell] = cells;
  const next = nextSlotOf(board, cell!.slotId);
  if (!next) return commandError('not_bookable', 'There is no session slot right after this one (a break or the end of the day).');
  const below = { roomId: cell!.roomId, slotId: next.id };
  if (isBlocked(board, below)) return commandError('not_bookable', 'The room is not available in the next slot.');
  const occupant = placementAt(board, below);
  if (occupant) {
    const title = findSession(board, occupant.sessionId)?.title ?? 'another session';
    return commandError('cell_taken', `The next slot in this room holds "${title}".`);
  }
  return [{ type: 'session.extended', sessionId, ...below }];
}
