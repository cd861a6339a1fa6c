// Commands that reshape the frame of an event live: days, rooms, slots, blocked cells and double
// sessions. Everything here is the facilitator's; sessions in a removed place go back to the tray.
import { Type } from '@sinclair/typebox';
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
} from '../board.ts';
import { commandError, type CommandError, type RefusalDetails, type RefusalReason } from '../errors.ts';
import type { DomainEvent } from '../events.ts';
import { Capacity, closed, DateText, dateFault, Id, Label, RoomName, SlotKind, Time } from '../fields.ts';
import { accept, command, CommandId, refused } from './entry.ts';

const invalid = (reason: RefusalReason, message: string, details?: RefusalDetails) => commandError('invalid', reason, message, details);
const noSuch = (field: 'dayId' | 'roomId' | 'slotId' | 'sessionId' | 'copySlotsFrom', message: string) =>
  commandError('not_found', 'no_such', message, { field });

const OneCell = Type.Object({ commandId: CommandId, roomId: Id, slotId: Id }, closed);
const OneSession = Type.Object({ commandId: CommandId, sessionId: Id }, closed);

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

function overlapRefusal(board: Board, dayId: string, start: string, end: string, ignoreSlotId?: string): CommandError | undefined {
  const problem = slotTimeProblem(board, dayId, start, end, ignoreSlotId);
  const line = `${start}-${end}`;
  if (problem?.kind === 'backwards') return invalid('slot_backwards', `The slot must end after it starts (${start}–${end}).`, { field: 'end', line });
  if (problem?.kind === 'overlap') {
    const other = problem.with;
    return invalid('overlap', `${start}–${end} overlaps the slot ${other.start}–${other.end}.`, {
      line,
      obstacle: { kind: 'overlap', start: other.start, end: other.end },
    });
  }
  return undefined;
}

const dateInUse = (date: string) => invalid('date_taken', `There is a day on ${date} already.`, { field: 'date', obstacle: { kind: 'date_taken', date } });

/** The room and slot of a cell named in a command, if both exist and the slot takes sessions. */
export function bookableCell(board: Board, cell: Cell): { cell: Cell; room: Room; slot: Slot } | CommandError {
  const room = board.rooms.find((r) => r.id === cell.roomId);
  if (!room) return noSuch('roomId', 'There is no such room.');
  const slot = board.slots.find((s) => s.id === cell.slotId);
  if (!slot) return noSuch('slotId', 'There is no such time slot.');
  if (slot.kind !== 'session') {
    return commandError('not_bookable', 'in_a_break', `${slot.label || 'A break'} takes no session.`, { obstacle: { kind: 'break', time: slot.start } });
  }
  return { cell: { roomId: room.id, slotId: slot.id }, room, slot };
}

export const FRAME_COMMANDS = {
  'day:add': command({
    schema: Type.Object({ commandId: CommandId, date: DateText, label: Type.Optional(Label), copySlotsFrom: Type.Optional(Id) }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'added a day', de: 'hat einen Tag hinzugefügt' },
    decide(board, payload, _actor, { newId }) {
      const dateWrong = dateFault(payload.date);
      if (dateWrong) return refused(invalid(dateWrong.reason, `The date "${payload.date}" ${dateWrong.words}.`, { field: 'date' }));
      if (dateTaken(board, payload.date)) return refused(dateInUse(payload.date));
      const template = payload.copySlotsFrom ?? [...board.days].sort((a, b) => sortableOrder(a.date, b.date)).at(-1)?.id;
      if (payload.copySlotsFrom && !board.days.some((d) => d.id === payload.copySlotsFrom)) {
        return refused(noSuch('copySlotsFrom', 'There is no such day to copy the slots from.'));
      }
      const day = { id: newId('d'), date: payload.date, label: payload.label?.trim() ?? '' };
      const slots = template ? slotsOfDay(board, template).map((s) => ({ ...s, id: newId('t'), dayId: day.id })) : [];
      return accept([{ type: 'day.added', day, slots }]);
    },
  }),

  'day:update': command({
    schema: Type.Object({ commandId: CommandId, dayId: Id, date: Type.Optional(DateText), label: Type.Optional(Label) }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'changed a day', de: 'hat einen Tag geändert' },
    decide(board, { dayId, date, label }) {
      const day = board.days.find((d) => d.id === dayId);
      if (!day) return refused(noSuch('dayId', 'There is no such day.'));
      const dateWrong = date === undefined ? undefined : dateFault(date);
      if (dateWrong) return refused(invalid(dateWrong.reason, `The date "${date}" ${dateWrong.words}.`, { field: 'date' }));
      if (date !== undefined && dateTaken(board, date, dayId)) return refused(dateInUse(date));
      const changes = {
        ...(date !== undefined && date !== day.date ? { date } : {}),
        ...(label !== undefined && label.trim() !== day.label ? { label: label.trim() } : {}),
      };
      return accept(Object.keys(changes).length ? [{ type: 'day.updated', dayId, changes }] : []);
    },
  }),

  'day:remove': command({
    schema: Type.Object({ commandId: CommandId, dayId: Id }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'removed a day', de: 'hat einen Tag entfernt' },
    decide(board, { dayId }) {
      if (!board.days.some((d) => d.id === dayId)) return refused(noSuch('dayId', 'There is no such day.'));
      if (isLastOfItsKind(board, 'day')) return refused(invalid('last_day', 'An event needs at least one day.'));
      return accept([...unplaceIn(board, { dayId }), { type: 'day.removed', dayId }]);
    },
  }),

  'room:add': command({
    schema: Type.Object({ commandId: CommandId, name: RoomName, capacity: Type.Optional(Capacity), projector: Type.Optional(Type.Boolean()) }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'added room “{name}”', de: 'hat den Raum „{name}“ hinzugefügt' },
    decide(board, payload, _actor, { newId }) {
      const name = payload.name.trim();
      if (!name) return refused(invalid('empty', 'The room needs a name.', { field: 'name' }));
      const position = Math.max(-1, ...board.rooms.map((r) => r.position)) + 1;
      return accept([
        { type: 'room.added', room: { id: newId('r'), name, capacity: payload.capacity ?? null, projector: payload.projector ?? false, position } },
      ]);
    },
  }),

  'room:update': command({
    schema: Type.Object(
      { commandId: CommandId, roomId: Id, name: Type.Optional(RoomName), capacity: Type.Optional(Capacity), projector: Type.Optional(Type.Boolean()) },
      closed,
    ),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'changed room {room}', de: 'hat den Raum {room} geändert' },
    decide(board, { roomId, name, capacity, projector }) {
      const room = board.rooms.find((r) => r.id === roomId);
      if (!room) return refused(noSuch('roomId', 'There is no such room.'));
      if (name !== undefined && !name.trim()) return refused(invalid('empty', 'The room needs a name.', { field: 'name' }));
      const changes = {
        ...(name !== undefined && name.trim() !== room.name ? { name: name.trim() } : {}),
        ...(capacity !== undefined && capacity !== room.capacity ? { capacity } : {}),
        ...(projector !== undefined && projector !== room.projector ? { projector } : {}),
      };
      return accept(Object.keys(changes).length ? [{ type: 'room.updated', roomId, changes }] : []);
    },
  }),

  'room:move': command({
    schema: Type.Object({ commandId: CommandId, roomId: Id, toIndex: Type.Integer({ minimum: 0, maximum: 1000 }) }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'moved room {room}', de: 'hat den Raum {room} verschoben' },
    decide(board, { roomId, toIndex }) {
      const rooms = orderedRooms(board);
      const from = rooms.findIndex((r) => r.id === roomId);
      if (from < 0) return refused(noSuch('roomId', 'There is no such room.'));
      const target = Math.min(toIndex, rooms.length - 1);
      return accept(target === from ? [] : [{ type: 'room.moved', roomId, toIndex: target }]);
    },
  }),

  'room:remove': command({
    schema: Type.Object({ commandId: CommandId, roomId: Id }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'removed a room', de: 'hat einen Raum entfernt' },
    decide(board, { roomId }) {
      if (!board.rooms.some((r) => r.id === roomId)) return refused(noSuch('roomId', 'There is no such room.'));
      if (isLastOfItsKind(board, 'room')) return refused(invalid('last_room', 'An event needs at least one room.'));
      return accept([...unplaceIn(board, { roomId }), { type: 'room.removed', roomId }]);
    },
  }),

  'slot:add': command({
    schema: Type.Object({ commandId: CommandId, dayId: Id, start: Time, end: Time, kind: SlotKind, label: Type.Optional(Label) }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'added a time slot at {time}', de: 'hat ein Zeitfenster um {time} hinzugefügt' },
    decide(board, { dayId, start, end, kind, label }, _actor, { newId }) {
      if (!board.days.some((d) => d.id === dayId)) return refused(noSuch('dayId', 'There is no such day.'));
      const overlap = overlapRefusal(board, dayId, start, end);
      if (overlap) return refused(overlap);
      const slot: Slot = { id: newId('t'), dayId, start, end, kind, label: label?.trim() ?? '' };
      return accept([{ type: 'slot.added', slot }]);
    },
  }),

  'slot:update': command({
    schema: Type.Object(
      {
        commandId: CommandId,
        slotId: Id,
        start: Type.Optional(Time),
        end: Type.Optional(Time),
        kind: Type.Optional(SlotKind),
        label: Type.Optional(Label),
      },
      closed,
    ),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'changed a time slot', de: 'hat ein Zeitfenster geändert' },
    decide(board, payload) {
      const slot = board.slots.find((s) => s.id === payload.slotId);
      if (!slot) return refused(noSuch('slotId', 'There is no such time slot.'));
      const start = payload.start ?? slot.start;
      const end = payload.end ?? slot.end;
      const overlap = overlapRefusal(board, slot.dayId, start, end, slot.id);
      if (overlap) return refused(overlap);
      const changes = {
        ...(start !== slot.start ? { start } : {}),
        ...(end !== slot.end ? { end } : {}),
        ...(payload.kind !== undefined && payload.kind !== slot.kind ? { kind: payload.kind } : {}),
        ...(payload.label !== undefined && payload.label.trim() !== slot.label ? { label: payload.label.trim() } : {}),
      };
      if (Object.keys(changes).length === 0) return accept([]);
      // A slot that becomes a break sends its sessions back to the tray; so does a double session
      // that would no longer sit in two neighbouring slots.
      const unplaced = changes.kind === 'break' ? unplaceIn(board, { slotId: slot.id }) : [];
      const blocks = changes.kind === 'break' ? board.blocked.filter((b) => b.slotId === slot.id) : [];
      return accept([...unplaced, ...blocks.map((b): DomainEvent => ({ type: 'cell.unblocked', ...b })), { type: 'slot.updated', slotId: slot.id, changes }]);
    },
  }),

  'slot:remove': command({
    schema: Type.Object({ commandId: CommandId, slotId: Id }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'removed a time slot', de: 'hat ein Zeitfenster entfernt' },
    decide(board, { slotId }) {
      if (!board.slots.some((s) => s.id === slotId)) return refused(noSuch('slotId', 'There is no such time slot.'));
      return accept([...unplaceIn(board, { slotId }), { type: 'slot.removed', slotId }]);
    },
  }),

  'cell:block': command({
    schema: OneCell,
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'blocked {room} at {time}', de: 'hat {room} um {time} gesperrt' },
    decide(board, payload) {
      const found = bookableCell(board, payload);
      if ('code' in found) return refused(found);
      const { cell } = found;
      if (isBlocked(board, cell)) return accept([]);
      return accept([...unplaceIn(board, cell), { type: 'cell.blocked', ...cell }]);
    },
  }),

  'cell:unblock': command({
    schema: OneCell,
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'freed {room} at {time}', de: 'hat {room} um {time} freigegeben' },
    decide(board, payload) {
      const found = bookableCell(board, payload);
      if ('code' in found) return refused(found);
      const { cell } = found;
      return accept(isBlocked(board, cell) ? [{ type: 'cell.unblocked', ...cell }] : []);
    },
  }),

  /** A double session: the session also takes the next slot in its room. */
  'session:extend': command({
    schema: OneSession,
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'made “{title}” a double session', de: 'hat „{title}“ zur Doppelsession gemacht' },
    decide(board, { sessionId }) {
      const session = findSession(board, sessionId);
      if (!session) return refused(noSuch('sessionId', 'There is no such session.'));
      const cells = cellsOf(board, sessionId);
      if (cells.length === 0) return refused(invalid('not_placed', 'Place the session first; then it can take a second slot.'));
      if (cells.length > 1) return refused(invalid('already_double', 'This is a double session already.'));
      const [cell] = cells;
      const next = nextSlotOf(board, cell!.slotId);
      if (!next) return refused(commandError('not_bookable', 'no_next_slot', 'There is no session slot right after this one (a break or the end of the day).'));
      const below = { roomId: cell!.roomId, slotId: next.id };
      if (isBlocked(board, below)) return refused(commandError('not_bookable', 'next_slot_blocked', 'The room is not available in the next slot.'));
      const occupant = placementAt(board, below);
      if (occupant) {
        const title = findSession(board, occupant.sessionId)?.title ?? 'another session';
        return refused(
          commandError('cell_taken', 'next_slot_taken', `The next slot in this room holds "${title}".`, { obstacle: { kind: 'placed_since', title } }),
        );
      }
      return accept([{ type: 'session.extended', sessionId, ...below }]);
    },
  }),

  'session:shrink': command({
    schema: OneSession,
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'made “{title}” a single session again', de: 'hat „{title}“ wieder auf einen Slot gesetzt' },
    decide(board, { sessionId }) {
      const session = findSession(board, sessionId);
      if (!session) return refused(noSuch('sessionId', 'There is no such session.'));
      const cells = cellsOf(board, session.id);
      if (cells.length < 2) return refused(invalid('not_double', 'This is not a double session.'));
      const last = cells.at(-1)!;
      return accept([{ type: 'session.shrunk', sessionId: session.id, roomId: last.roomId, slotId: last.slotId }]);
    },
  }),
};
