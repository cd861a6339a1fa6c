// What an event's frame and plan must hold, however they came in: created from text specs,
// imported from a file, or reshaped live by commands. One check for all three, so that no way in
// can leave an event that its own pages cannot draw or its own export cannot bring back.
import { cellKey, sortableOrder, type Cell, type Day, type Placement, type Room, type Session, type Slot } from './board.ts';
import { commandError, type CommandError, type RefusalDetails, type RefusalReason } from './errors.ts';
import { dateFault } from './fields.ts';
import { TIME_OF_DAY } from './patterns.ts';
import { LIMITS } from './limits.ts';

export interface PlanShape {
  days: readonly Day[];
  rooms: readonly Room[];
  slots: readonly Slot[];
  sessions: ReadonlyArray<Pick<Session, 'id' | 'status' | 'title'>>;
  placements: readonly Placement[];
  blocked: readonly Cell[];
}

function pushTo<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

/**
 * Every way `plan` does not hold together, as refusals a person can act on; [] when it does.
 * `now` bounds how far ahead its days may lie (the one date check, shared/fields.ts, with the clock).
 */
export function frameFaults(plan: PlanShape, now: Date): CommandError[] {
  const problems: CommandError[] = [];
  // What only a hand-made file or a bug can do is said in English only: the reason is that it does not hold.
  const say = (problem: string, reason: RefusalReason = 'does_not_hold', details?: RefusalDetails) =>
    problems.push(commandError('invalid', reason, problem, details));

  for (const [label, ids] of [
    ['day', plan.days.map((d) => d.id)],
    ['room', plan.rooms.map((r) => r.id)],
    ['slot', plan.slots.map((s) => s.id)],
    ['session', plan.sessions.map((s) => s.id)],
  ] as const) {
    if (new Set(ids).size !== ids.length) say(`A ${label} id is used twice.`);
  }

  // Counts: what the pages are built to draw, and what one event may cost the server.
  if (plan.days.length === 0) say('An event needs at least one day.', 'last_day');
  if (plan.days.length > LIMITS.days) say(`An event has at most ${LIMITS.days} days.`, 'too_many', { field: 'days', limit: LIMITS.days });
  if (plan.rooms.length === 0) say('An event needs at least one room.', 'last_room');
  if (plan.rooms.length > LIMITS.rooms) say(`An event has at most ${LIMITS.rooms} rooms.`, 'too_many', { field: 'rooms', limit: LIMITS.rooms });
  if (plan.sessions.length > LIMITS.sessions) {
    say(`An event has at most ${LIMITS.sessions} sessions.`, 'too_many', { field: 'sessions', limit: LIMITS.sessions });
  }

  const dates = new Set<string>();
  for (const day of plan.days) {
    const fault = dateFault(day.date, now);
    if (fault) say(`The date "${day.date}" ${fault.words}.`, fault.reason, { field: 'date' });
    else if (dates.has(day.date)) say(`Two days have the same date (${day.date}).`, 'date_taken', { obstacle: { kind: 'date_taken', date: day.date } });
    dates.add(day.date);
  }

  for (const room of plan.rooms) {
    const { capacity } = room;
    if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 1 && capacity <= LIMITS.capacity)) {
      say(`The room "${room.name}" has a capacity of ${capacity}: a room holds 1 to ${LIMITS.capacity} people.`, 'room_capacity', {
        field: 'capacity',
        limit: LIMITS.capacity,
        line: room.name,
      });
    }
  }
  const positions = new Set(plan.rooms.map((r) => r.position));
  if (positions.size !== plan.rooms.length) say('Two rooms have the same position.');

  // Slots: real times, in order within their day, none overlapping the next.
  const dayIds = new Set(plan.days.map((d) => d.id));
  const slotsByDay = new Map<string, Slot[]>();
  for (const slot of plan.slots) {
    if (!dayIds.has(slot.dayId)) say(`The slot ${slot.start}–${slot.end} belongs to no day.`);
    else if (!TIME_OF_DAY.test(slot.start) || !TIME_OF_DAY.test(slot.end)) {
      say(`${slot.start}–${slot.end} is not a time of day.`, 'slot_time', { line: `${slot.start}-${slot.end}` });
    } else if (slot.end <= slot.start) {
      say(`The slot ${slot.start}–${slot.end} ends before it starts.`, 'slot_backwards', { line: `${slot.start}-${slot.end}` });
    } else pushTo(slotsByDay, slot.dayId, slot);
  }
  const dateOf = new Map(plan.days.map((d) => [d.id, d.date]));
  for (const [dayId, slots] of slotsByDay) {
    if (slots.length > LIMITS.slotsPerDay) {
      say(`A day has at most ${LIMITS.slotsPerDay} slots (${dateOf.get(dayId)} has ${slots.length}).`, 'too_many', {
        field: 'slots',
        limit: LIMITS.slotsPerDay,
      });
    }
    slots.sort((a, b) => sortableOrder(a.start, b.start));
    slots.forEach((slot, index) => {
      const next = slots[index + 1];
      if (next && next.start < slot.end) {
        say(`On ${dateOf.get(dayId)}, ${slot.start}–${slot.end} overlaps ${next.start}–${next.end}.`, 'overlap', {
          line: `${slot.start}-${slot.end}`,
          obstacle: { kind: 'overlap', start: next.start, end: next.end },
        });
      }
    });
  }
  if (!plan.slots.some((s) => s.kind === 'session')) say('An event needs at least one session slot.', 'needs_session_slot');

  // Cells: blocked ones only where a session could be; sessions only where one may be.
  const roomIds = new Set(plan.rooms.map((r) => r.id));
  const slotById = new Map(plan.slots.map((s) => [s.id, s]));
  const blocked = new Set<string>();
  for (const cell of plan.blocked) {
    const slot = slotById.get(cell.slotId);
    if (!roomIds.has(cell.roomId) || !slot) say('A blocked cell points to a room or slot that does not exist.');
    else if (slot.kind !== 'session') say(`A cell in the break ${slot.start}–${slot.end} is blocked: breaks take no sessions anyway.`);
    else if (blocked.has(cellKey(cell))) say('A cell is blocked twice.');
    blocked.add(cellKey(cell));
  }

  const sessionById = new Map(plan.sessions.map((s) => [s.id, s]));
  const taken = new Set<string>();
  const cellsOfSession = new Map<string, Placement[]>();
  for (const placement of plan.placements) {
    const session = sessionById.get(placement.sessionId);
    const slot = slotById.get(placement.slotId);
    if (!session || !roomIds.has(placement.roomId) || !slot) {
      say(`The placement of ${placement.sessionId} points to a session, room or slot that does not exist.`);
      continue;
    }
    const name = `"${session.title}"`;
    if (session.status === 'withdrawn') say(`${name} is withdrawn but placed.`);
    if (slot.kind !== 'session') say(`${name} is placed in the break ${slot.start}–${slot.end}.`);
    if (blocked.has(cellKey(placement))) say(`${name} is placed in a blocked cell.`);
    if (taken.has(cellKey(placement))) say(`Two sessions share one cell (${name} and another).`);
    taken.add(cellKey(placement));
    pushTo(cellsOfSession, session.id, placement);
  }
  // A session holds one cell, or two as a double session: one room, two neighbouring session slots.
  for (const [sessionId, cells] of cellsOfSession) {
    if (cells.length === 1) continue;
    const [first, second] = cells.map((c) => slotById.get(c.slotId)!).sort((a, b) => sortableOrder(a.start, b.start));
    const day = slotsByDay.get(first!.dayId) ?? [];
    const neighbours = first!.dayId === second!.dayId && day[day.indexOf(first!) + 1] === second;
    if (cells.length > 2 || cells[0]!.roomId !== cells[1]!.roomId || !neighbours) {
      say(
        `"${sessionById.get(sessionId)!.title}" is placed more than once (a double session takes two neighbouring slots in one room, with no break between).`,
      );
    }
  }
  return problems;
}
