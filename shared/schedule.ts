// What runs when and where, for the read-only screens (phone, projector, door sign). Pure:
// "now" comes in as the event's wall-clock date and time.
import {
  cellsOf,
  findSession,
  orderedRooms,
  placementAt,
  sessionSlotsOfDay,
  slotsOfDay,
  sortableOrder,
  type Board,
  type Day,
  type Room,
  type Session,
  type Slot,
} from './board.ts';

export interface WallClock {
  /** YYYY-MM-DD in the event's time zone. */
  date: string;
  /** HH:MM in the event's time zone. */
  time: string;
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: making an Intl.DateTimeFormat is slow, and screens ask often. */
function wallClockFormat(timezone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(timezone, format);
  }
  return format;
}

/**
 * A time zone's offsets from UTC over a stretch of time. The server works them out and sends
 * them with a rendered page: the phone then tells the time in the event's zone by arithmetic,
 * without starting its Intl time-zone data, which alone blocks a slow phone's first script
 * task for a quarter of a second.
 */
export interface ZoneOffsets {
  timezone: string;
  /** In time order; each holds from its `from` until the next one's, the last until `until`. */
  stretches: Array<{ from: number; offsetMinutes: number }>;
  until: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

function intlWallClock(timezone: string, at: number): WallClock {
  const parts = wallClockFormat(timezone).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/** Minutes the zone's wall clock is ahead of UTC at a (whole-minute) instant. */
function offsetAt(timezone: string, minute: number): number {
  const shown = intlWallClock(timezone, minute);
  return Math.round((Date.parse(`${shown.date}T${shown.time}:00Z`) - minute) / MINUTE);
}

/** The zone's offsets from `from` until `until`, found day by day and then to the minute. */
export function zoneOffsets(timezone: string, from: number, until: number): ZoneOffsets {
  let at = Math.floor(from / MINUTE) * MINUTE;
  const stretches = [{ from: at, offsetMinutes: offsetAt(timezone, at) }];
  while (at < until) {
    const next = Math.min(at + DAY, Math.ceil(until / MINUTE) * MINUTE);
    const offset = stretches.at(-1)!.offsetMinutes;
    if (offsetAt(timezone, next) !== offset) {
      // Zones change at most once a day: find the first minute of the new offset.
      let [same, changed] = [at, next];
      while (changed - same > MINUTE) {
        const middle = same + Math.floor((changed - same) / MINUTE / 2) * MINUTE;
        if (offsetAt(timezone, middle) === offset) same = middle;
        else changed = middle;
      }
      stretches.push({ from: changed, offsetMinutes: offsetAt(timezone, changed) });
    }
    at = next;
  }
  return { timezone, stretches, until: at };
}

const knownOffsets = new Map<string, ZoneOffsets>();

/** Offsets sent by the server: from now on, wall clocks within them need no Intl. */
export function learnZoneOffsets(offsets: ZoneOffsets): void {
  knownOffsets.set(offsets.timezone, offsets);
}

/** The wall-clock date and time in a time zone at an instant. */
export function wallClock(timezone: string, at: number): WallClock {
  const known = knownOffsets.get(timezone);
  const stretch = known && at < known.until ? known.stretches.findLast((s) => s.from <= at) : undefined;
  if (!stretch) return intlWallClock(timezone, at);
  const shifted = new Date(at + stretch.offsetMinutes * MINUTE).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/**
 * The instant at which a zone's wall clock shows a date and time: the inverse of `wallClock`.
 * A time that a clock change repeats is the first of the two; one it skips is read with the
 * offset before the change (02:30 on a spring-forward night is 03:30), as RFC 5545 says.
 */
export function zonedInstant(timezone: string, date: string, time: string): number {
  const asIfUtc = Date.parse(`${date}T${time}:00Z`);
  // Zones change their offset at most once a day: the offsets a day before and after are the candidates.
  const [before, after] = [asIfUtc - DAY, asIfUtc + DAY].map((at) => asIfUtc - offsetAt(timezone, at) * MINUTE) as [number, number];
  const shows = (at: number) => {
    const shown = intlWallClock(timezone, at);
    return shown.date === date && shown.time === time;
  };
  const matching = [before, after].filter(shows);
  return matching.length ? Math.min(...matching) : before;
}

/** "2026-05-09T10:00:00+02:00": a wall-clock date and time of a zone as a date-time with its offset (RFC 3339). */
export function zonedDateTimeText(timezone: string, date: string, time: string): string {
  const offset = Math.round((Date.parse(`${date}T${time}:00Z`) - zonedInstant(timezone, date, time)) / MINUTE);
  const whole = Math.abs(offset);
  const hoursAndMinutes = `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
  return `${date}T${time}:00${offset < 0 ? '-' : '+'}${hoursAndMinutes}`;
}

export interface Entry {
  room: Room;
  session: Session;
  /** The slots the session holds, in time order: two for a double session. */
  slots: Slot[];
  /** True in the second slot of a double session (lists show it once, at its first slot). */
  continued: boolean;
}

/** The slots a session holds, in time order (none while it is not placed). */
export function sessionSlots(board: Board, sessionId: string): Slot[] {
  return cellsOf(board, sessionId).flatMap((cell) => board.slots.find((s) => s.id === cell.slotId) ?? []);
}

/** A key that sorts sessions by when they run (day, then start); unplaced ones last. */
export function timeOrder(board: Board, sessionId: string): string {
  const first = sessionSlots(board, sessionId)[0];
  const date = first && board.days.find((d) => d.id === first.dayId)?.date;
  return first && date ? `${date}|${first.start}` : '9999-99-99|99:99';
}

/** The sessions of a slot, rooms in display order. */
export function entriesOf(board: Board, slot: Slot): Entry[] {
  return orderedRooms(board).flatMap((room) => {
    const placement = placementAt(board, { roomId: room.id, slotId: slot.id });
    const session = placement && findSession(board, placement.sessionId);
    if (!session || session.status !== 'pitched') return [];
    const slots = sessionSlots(board, session.id);
    return [{ room, session, slots, continued: slots[0]?.id !== slot.id }];
  });
}

/** Whether a slot of a day is over at the event's wall-clock time. */
export function isOver(day: Day, slot: Slot, clock: WallClock): boolean {
  return day.date < clock.date || (day.date === clock.date && slot.end <= clock.time);
}

export type DayPhase = 'before' | 'during' | 'after';

export interface NowAndNext {
  phase: DayPhase;
  /** The day shown: today if the event has a day today, else the next day, else the last. */
  dayId: string | undefined;
  /** The slot running now (session or break), if any. */
  now: Slot | undefined;
  /** The next session slot after now (or the first ones before the day starts). */
  next: Slot | undefined;
}

export function nowAndNext(board: Board, clock: WallClock): NowAndNext {
  const days = [...board.days].sort((a, b) => sortableOrder(a.date, b.date));
  const day = days.find((d) => d.date === clock.date) ?? days.find((d) => d.date > clock.date) ?? days.at(-1);
  if (!day) return { phase: 'before', dayId: undefined, now: undefined, next: undefined };
  const slots = slotsOfDay(board, day.id);
  const firstSession = slots.find((s) => s.kind === 'session');
  if (day.date > clock.date || (day.date === clock.date && slots[0] && clock.time < slots[0].start)) {
    return { phase: 'before', dayId: day.id, now: undefined, next: firstSession };
  }
  if (day.date < clock.date || (slots.at(-1) && clock.time >= slots.at(-1)!.end)) {
    return { phase: 'after', dayId: day.id, now: undefined, next: undefined };
  }
  const now = slots.find((s) => s.start <= clock.time && clock.time < s.end);
  const next = slots.find((s) => s.kind === 'session' && s.start > clock.time && s !== now);
  return { phase: 'during', dayId: day.id, now, next };
}

/** A session (or a free slot) on a room's door, with every slot it holds. */
export interface RoomEntry {
  slot: Slot;
  /** One slot, or two for a double session. */
  slots: Slot[];
  session: Session | undefined;
}

export interface RoomDay {
  now: RoomEntry | undefined;
  next: RoomEntry | undefined;
  later: RoomEntry[];
}

/** A room's day for its door: the session now, the next one, and the rest of the day. A double session is one entry. */
export function roomDay(board: Board, roomId: string, clock: WallClock): RoomDay {
  const { dayId, phase } = nowAndNext(board, clock);
  if (!dayId || phase === 'after') return { now: undefined, next: undefined, later: [] };
  const entries: RoomEntry[] = [];
  for (const slot of sessionSlotsOfDay(board, dayId)) {
    const placement = placementAt(board, { roomId, slotId: slot.id });
    const found = placement && findSession(board, placement.sessionId);
    const session = found?.status === 'pitched' ? found : undefined;
    if (session && entries.at(-1)?.session?.id === session.id) continue;
    entries.push({ slot, slots: session ? sessionSlots(board, session.id) : [slot], session });
  }
  const start = (entry: RoomEntry) => entry.slots[0]!.start;
  const end = (entry: RoomEntry) => entry.slots.at(-1)!.end;
  const running = phase === 'during' ? entries.find((e) => start(e) <= clock.time && clock.time < end(e)) : undefined;
  const [next, ...later] = entries.filter((e) => phase === 'before' || start(e) > clock.time);
  return { now: running, next, later };
}
