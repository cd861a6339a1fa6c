// The frame of a new event (days, rooms, slots) from short text specs, as typed on the command
// line or in a form: rooms "A:40,B:20", slots "10:00-10:45,lunch 12:00-13:00,13:00-13:45".
import { sortableOrder, type Day, type Room, type Slot } from './board.ts';
import { LIMITS } from './limits.ts';
import { textProblem } from './fields.ts';
import { wallClock } from './schedule.ts';
import { DATE, TIME_OF_DAY } from './patterns.ts';

export interface RoomSpec {
  name: string;
  capacity: number | null;
}

export interface SlotSpec {
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

export function isValidDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export function parseRooms(spec: string): RoomSpec[] {
  const rooms = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(.+?)(?::\s*(\d+))?$/.exec(part);
      const name = match?.[1]?.trim() ?? '';
      if (!name) throw new FrameSpecError(`"${part}" is not a room: write NAME or NAME:CAPACITY.`);
      if (name.length > LIMITS.roomName) throw new FrameSpecError(`A room name has at most ${LIMITS.roomName} characters: "${name.slice(0, 20)}…" is longer.`);
      const problem = textProblem(name);
      if (problem) throw new FrameSpecError(`A room name ${problem}.`);
      const capacity = match?.[2] ? Number(match[2]) : null;
      if (capacity !== null && !(capacity >= 1 && capacity <= LIMITS.capacity)) {
        throw new FrameSpecError(`"${part}": a room holds 1 to ${LIMITS.capacity} people.`);
      }
      return { name, capacity };
    });
  if (rooms.length === 0) throw new FrameSpecError('At least one room is needed.');
  if (rooms.length > LIMITS.rooms) throw new FrameSpecError(`At most ${LIMITS.rooms} rooms.`);
  return rooms;
}

/** A slot is "HH:MM-HH:MM"; a leading word makes it a break with that label ("lunch 12:00-13:00"). */
export function parseSlots(spec: string, breakLabel = BREAK_LABEL.de): SlotSpec[] {
  const slots = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part): SlotSpec => {
      const match = /^(?:(.*?)\s+)?(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
      if (!match) throw new FrameSpecError(`"${part}" is not a slot: write HH:MM-HH:MM, or "lunch HH:MM-HH:MM".`);
      const [, word, rawStart, rawEnd] = match;
      const start = rawStart!.padStart(5, '0');
      const end = rawEnd!.padStart(5, '0');
      if (!TIME_OF_DAY.test(start) || !TIME_OF_DAY.test(end)) throw new FrameSpecError(`"${part}" has a time that does not exist.`);
      if (end <= start) throw new FrameSpecError(`"${part}" ends before it starts.`);
      if (!word) return { start, end, kind: 'session', label: '' };
      if (word.length > LIMITS.label) throw new FrameSpecError(`A break's name has at most ${LIMITS.label} characters: "${word.slice(0, 20)}…" is longer.`);
      const problem = textProblem(word);
      if (problem) throw new FrameSpecError(`A break's name ${problem}.`);
      const isLunch = /^(lunch|mittag|mittagspause)$/i.test(word);
      return { start, end, kind: 'break', label: isLunch ? breakLabel : word };
    })
    .sort((a, b) => sortableOrder(a.start, b.start));
  if (!slots.some((slot) => slot.kind === 'session')) throw new FrameSpecError('At least one session slot is needed.');
  if (slots.length > LIMITS.slotsPerDay) throw new FrameSpecError(`At most ${LIMITS.slotsPerDay} slots a day.`);
  slots.forEach((slot, index) => {
    const next = slots[index + 1];
    if (next && next.start < slot.end) {
      throw new FrameSpecError(`${slot.start}-${slot.end} overlaps ${next.start}-${next.end}.`);
    }
  });
  return slots;
}

export function buildFrame(dates: string[], rooms: RoomSpec[], slots: SlotSpec[], newId: (prefix: string) => string): Frame {
  for (const date of dates) if (!isValidDate(date)) throw new FrameSpecError(`"${date}" is not a date (YYYY-MM-DD).`);
  if (new Set(dates).size !== dates.length) throw new FrameSpecError('Each day needs a date of its own: a date is given twice.');
  if (dates.length > LIMITS.days) throw new FrameSpecError(`At most ${LIMITS.days} days.`);
  const days = dates.map((date) => ({ id: newId('d'), date, label: '' }));
  return {
    days,
    rooms: rooms.map((room, position) => ({ id: newId('r'), name: room.name, capacity: room.capacity, projector: false, position })),
    slots: days.flatMap((day) => slots.map((slot) => ({ id: newId('t'), dayId: day.id, ...slot }))),
  };
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timezone: string, now = new Date()): string {
  return wallClock(timezone, now.getTime()).date;
}
