// The frame of a new event (days, rooms, slots) from short text specs, as typed on the command
// line or in a form: rooms "A:40,B:20", slots "10:00-10:45,lunch 12:00-13:00,13:00-13:45".
import { sortableOrder, type Day, type Room, type Slot } from './board.ts';
import { LIMITS } from './limits.ts';
import { commandError, type CommandError, type RefusalDetails, type RefusalReason } from './errors.ts';
import { dateFault, fieldRefusal, preview, textFieldFault } from './fields.ts';
import { wallClock } from './schedule.ts';
import { TIME_OF_DAY } from './patterns.ts';

export interface RoomSpec {
  name: string;
  capacity: number | null;
  projector?: boolean;
}

export interface SlotSpec {
  /** YYYY-MM-DD: the slot is on that day only; without it, on every day. */
  date?: string;
  start: string;
  end: string;
  kind: Slot['kind'];
  label: string;
}

export interface Frame {
  days: Day[];
  rooms: Room[];
  slots: Slot[];
}

export const DEFAULT_ROOMS = { de: 'Raum 1:40,Raum 2:30,Raum 3:20,Raum 4:15', en: 'Room 1:40,Room 2:30,Room 3:20,Room 4:15' };
/** Two slots before and two after a lunch break. */
export const DEFAULT_SLOTS = '10:00-10:45,11:00-11:45,lunch 12:00-13:00,13:00-13:45,14:00-14:45';
export const BREAK_LABEL = { de: 'Mittagspause', en: 'Lunch' };

/** A frame that cannot be made: the refusal says why, in a reason clients say in their language. */
export class FrameSpecError extends Error {
  readonly refusal: CommandError;
  constructor(refusal: CommandError) {
    super(refusal.message);
    this.refusal = refusal;
  }
}

const specError = (reason: RefusalReason, message: string, details?: RefusalDetails) => new FrameSpecError(commandError('invalid', reason, message, details));

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** The refusal of a time zone the server does not know. */
export function timezoneRefusal(timezone: string): CommandError {
  return commandError('invalid', 'not_a_timezone', `"${timezone}" is not a time zone (e.g. Europe/Berlin).`, { field: 'timezone', line: timezone });
}

/** "A:40,B:20": rooms separated by commas (a name with a comma needs the list form or one room per line). */
export function parseRooms(spec: string): RoomSpec[] {
  return checkedRooms(
    spec
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map(parseRoom),
  );
}

/**
 * One room: "NAME" or "NAME:CAPACITY". A colon followed by a space stays in the name ("Raum 1: Nord",
 * "Raum 1: Nord:20"); after a colon right at a word, or before anything that starts like a number,
 * a capacity is meant, and "Raum B:abc" or "Raum C:-5" is refused rather than kept as a name.
 */
export function parseRoom(text: string): RoomSpec {
  const line = text.trim();
  const colon = line.lastIndexOf(':');
  const tail = colon < 0 ? '' : line.slice(colon + 1);
  const meantAsCapacity = colon >= 0 && (/^\s*[-+\d.,]/.test(tail) || /^\S/.test(tail) || tail.trim() === '');
  const name = (meantAsCapacity ? line.slice(0, colon) : line).trim();
  if (!name) throw specError('room_line', `"${text}" is not a room: write NAME or NAME:CAPACITY.`, { field: 'rooms', line });
  if (!meantAsCapacity) return { name, capacity: null };
  if (!/^\d+$/.test(tail.trim())) {
    throw specError('room_capacity', `"${line}": after the colon comes the number of seats, 1 to ${LIMITS.capacity}.`, {
      field: 'rooms',
      line,
      limit: LIMITS.capacity,
    });
  }
  return { name, capacity: Number(tail.trim()) };
}

/** Rooms as given (typed as text, or sent as a list): each name and capacity checked, names trimmed. */
export function checkedRooms(rooms: readonly RoomSpec[]): RoomSpec[] {
  const checked = rooms.map((room) => {
    const name = room.name.trim();
    if (!name) throw specError('empty', 'Every room needs a name.', { field: 'roomName' });
    const fault = textFieldFault(name, 'roomName');
    if (fault)
      throw new FrameSpecError({ ...fieldRefusal('roomName', fault), message: `A room name ${fault.words}: "${preview(name)}".`, line: preview(name) });
    const { capacity } = room;
    if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 1 && capacity <= LIMITS.capacity)) {
      throw specError('room_capacity', `"${name}": a room holds 1 to ${LIMITS.capacity} people.`, { field: 'rooms', line: name, limit: LIMITS.capacity });
    }
    return { ...room, name };
  });
  if (checked.length === 0) throw specError('last_room', 'At least one room is needed.', { field: 'rooms' });
  if (checked.length > LIMITS.rooms) throw specError('too_many', `At most ${LIMITS.rooms} rooms.`, { field: 'rooms', limit: LIMITS.rooms });
  return checked;
}

/** A slot is "HH:MM-HH:MM"; a leading word makes it a break with that label ("lunch 12:00-13:00"). */
export function parseSlots(spec: string, breakLabel = BREAK_LABEL.de): SlotSpec[] {
  const slots = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => parseSlot(part, breakLabel));
  return checkedSlots(slots, breakLabel);
}

/** One slot: "HH:MM-HH:MM", or a break "WORD HH:MM-HH:MM" ("lunch" and "Mittagspause" are the lunch). */
export function parseSlot(text: string, breakLabel = BREAK_LABEL.de): SlotSpec {
  const match = /^(?:(.*?)\s+)?(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(text.trim());
  if (!match) throw specError('slot_line', `"${text}" is not a slot: write HH:MM-HH:MM, or "lunch HH:MM-HH:MM".`, { field: 'slots', line: text.trim() });
  const [, word, start, end] = match;
  const times = { start: start!.padStart(5, '0'), end: end!.padStart(5, '0') };
  if (!word) return { ...times, kind: 'session', label: '' };
  const isLunch = /^(lunch|mittag|mittagspause)$/i.test(word);
  return { ...times, kind: 'break', label: isLunch ? breakLabel : word };
}

/**
 * Slots as given (typed as text, or sent as a list): real times, labels that fit, at least one
 * session slot, none overlapping another on the same day. A break without a label is the lunch.
 */
export function checkedSlots(slots: readonly SlotSpec[], breakLabel = BREAK_LABEL.de): SlotSpec[] {
  const checked = slots
    .map((slot): SlotSpec => {
      const said = `${slot.start}-${slot.end}`;
      const dateWrong = slot.date === undefined ? undefined : dateFault(slot.date);
      if (dateWrong) throw specError(dateWrong.reason, `The date "${slot.date}" ${dateWrong.words}.`, { field: 'date', line: slot.date });
      if (!TIME_OF_DAY.test(slot.start) || !TIME_OF_DAY.test(slot.end)) {
        throw specError('slot_time', `"${said}" has a time that does not exist.`, { field: 'slots', line: said });
      }
      if (slot.end <= slot.start) throw specError('slot_backwards', `"${said}" ends before it starts.`, { field: 'slots', line: said });
      const label = slot.label.trim() || (slot.kind === 'break' ? breakLabel : '');
      const whose = slot.kind === 'break' ? "A break's" : "A slot's";
      const fault = textFieldFault(label, 'label');
      if (fault) throw new FrameSpecError({ ...fieldRefusal('label', fault), message: `${whose} name ${fault.words}: "${preview(label)}".`, line: said });
      return { ...slot, label };
    })
    .sort((a, b) => sortableOrder(a.start, b.start));
  if (!checked.some((slot) => slot.kind === 'session')) throw specError('needs_session_slot', 'At least one session slot is needed.', { field: 'slots' });
  // Slots without a date are on every day: they meet each day's own.
  const dates = [...new Set(checked.flatMap((slot) => slot.date ?? []))];
  for (const date of [undefined, ...dates]) {
    const ofDay = checked.filter((slot) => slot.date === undefined || slot.date === date);
    if (ofDay.length > LIMITS.slotsPerDay) {
      throw specError('too_many', `At most ${LIMITS.slotsPerDay} slots a day.`, { field: 'slots', limit: LIMITS.slotsPerDay });
    }
    ofDay.forEach((slot, index) => {
      const next = ofDay[index + 1];
      if (next && next.start < slot.end) {
        throw specError('overlap', `${slot.start}-${slot.end} overlaps ${next.start}-${next.end}.`, {
          field: 'slots',
          line: `${slot.start}-${slot.end}`,
          obstacle: { kind: 'overlap', start: next.start, end: next.end },
        });
      }
    });
  }
  return checked;
}

export function buildFrame(dates: string[], rooms: RoomSpec[], slots: SlotSpec[], newId: (prefix: string) => string): Frame {
  for (const date of dates) {
    const fault = dateFault(date);
    if (fault) throw specError(fault.reason, `The date "${date}" ${fault.words}.`, { field: 'dates', line: date });
  }
  if (new Set(dates).size !== dates.length) throw specError('day_twice', 'Each day needs a date of its own: a date is given twice.', { field: 'dates' });
  if (dates.length > LIMITS.days) throw specError('too_many', `At most ${LIMITS.days} days.`, { field: 'dates', limit: LIMITS.days });
  const stray = slots.find((slot) => slot.date !== undefined && !dates.includes(slot.date));
  if (stray) {
    throw specError('slot_off_days', `The slot ${stray.start}-${stray.end} is on ${stray.date}, which is not one of the event's days.`, {
      field: 'slots',
      line: `${stray.start}-${stray.end}`,
    });
  }
  const days = dates.map((date) => ({ id: newId('d'), date, label: '' }));
  return {
    days,
    rooms: rooms.map((room, position) => ({ id: newId('r'), name: room.name, capacity: room.capacity, projector: room.projector ?? false, position })),
    slots: days.flatMap((day) =>
      slots
        .filter((slot) => slot.date === undefined || slot.date === day.date)
        .map(({ start, end, kind, label }) => ({ id: newId('t'), dayId: day.id, start, end, kind, label })),
    ),
  };
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timezone: string, now = new Date()): string {
  return wallClock(timezone, now.getTime()).date;
}
