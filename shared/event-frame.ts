// The frame of a new event (days, rooms, slots) from short text specs, as typed on the command
// line or in a form: rooms "A:40,B:20", slots "10:00-10:45,lunch 12:00-13:00,13:00-13:45".
import { sortableOrder, type Day, type Room, type Slot } from './board.ts';
import { LIMITS } from './limits.ts';
import { dateProblem, preview, textProblem } from './fields.ts';
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

export class FrameSpecError extends Error {}

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
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

/** One room: "NAME" or "NAME:CAPACITY" (a colon inside the name stays, e.g. "Raum 1: Nord:20"). */
export function parseRoom(text: string): RoomSpec {
  const match = /^(.+?)(?::\s*(\d+))?$/.exec(text.trim());
  const name = match?.[1]?.trim() ?? '';
  if (!name) throw new FrameSpecError(`"${text}" is not a room: write NAME or NAME:CAPACITY.`);
  return { name, capacity: match?.[2] ? Number(match[2]) : null };
}

/** Rooms as given (typed as text, or sent as a list): each name and capacity checked, names trimmed. */
export function checkedRooms(rooms: readonly RoomSpec[]): RoomSpec[] {
  const checked = rooms.map((room) => {
    const name = room.name.trim();
    if (!name) throw new FrameSpecError('Every room needs a name.');
    const problem = textProblem(name, 'roomName');
    if (problem) throw new FrameSpecError(`A room name ${problem}: "${preview(name)}".`);
    const { capacity } = room;
    if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 1 && capacity <= LIMITS.capacity)) {
      throw new FrameSpecError(`"${name}": a room holds 1 to ${LIMITS.capacity} people.`);
    }
    return { ...room, name };
  });
  if (checked.length === 0) throw new FrameSpecError('At least one room is needed.');
  if (checked.length > LIMITS.rooms) throw new FrameSpecError(`At most ${LIMITS.rooms} rooms.`);
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
  if (!match) throw new FrameSpecError(`"${text}" is not a slot: write HH:MM-HH:MM, or "lunch HH:MM-HH:MM".`);
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
      const dateWrong = slot.date === undefined ? undefined : dateProblem(slot.date);
      if (dateWrong) throw new FrameSpecError(`The date "${slot.date}" ${dateWrong}.`);
      if (!TIME_OF_DAY.test(slot.start) || !TIME_OF_DAY.test(slot.end)) throw new FrameSpecError(`"${said}" has a time that does not exist.`);
      if (slot.end <= slot.start) throw new FrameSpecError(`"${said}" ends before it starts.`);
      const label = slot.label.trim() || (slot.kind === 'break' ? breakLabel : '');
      const whose = slot.kind === 'break' ? "A break's" : "A slot's";
      const problem = textProblem(label, 'label');
      if (problem) throw new FrameSpecError(`${whose} name ${problem}: "${preview(label)}".`);
      return { ...slot, label };
    })
    .sort((a, b) => sortableOrder(a.start, b.start));
  if (!checked.some((slot) => slot.kind === 'session')) throw new FrameSpecError('At least one session slot is needed.');
  // Slots without a date are on every day: they meet each day's own.
  const dates = [...new Set(checked.flatMap((slot) => slot.date ?? []))];
  for (const date of [undefined, ...dates]) {
    const ofDay = checked.filter((slot) => slot.date === undefined || slot.date === date);
    if (ofDay.length > LIMITS.slotsPerDay) throw new FrameSpecError(`At most ${LIMITS.slotsPerDay} slots a day.`);
    ofDay.forEach((slot, index) => {
      const next = ofDay[index + 1];
      if (next && next.start < slot.end) throw new FrameSpecError(`${slot.start}-${slot.end} overlaps ${next.start}-${next.end}.`);
    });
  }
  return checked;
}

export function buildFrame(dates: string[], rooms: RoomSpec[], slots: SlotSpec[], newId: (prefix: string) => string): Frame {
  for (const date of dates) {
    const problem = dateProblem(date);
    if (problem) throw new FrameSpecError(`The date "${date}" ${problem}.`);
  }
  if (new Set(dates).size !== dates.length) throw new FrameSpecError('Each day needs a date of its own: a date is given twice.');
  if (dates.length > LIMITS.days) throw new FrameSpecError(`At most ${LIMITS.days} days.`);
  const stray = slots.find((slot) => slot.date !== undefined && !dates.includes(slot.date));
  if (stray) throw new FrameSpecError(`The slot ${stray.start}-${stray.end} is on ${stray.date}, which is not one of the event's days.`);
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
