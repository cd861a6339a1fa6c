// What runs when and where, for the read-only screens (phone, projector, door sign). Pure:
// "now" comes in as the event's wall-clock date and time.
import { cellsOf, findSession, orderedRooms, placementAt, slotsOfDay, type Board, type Room, type Session, type Slot } from './board.ts';

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

/** The wall-clock date and time in a time zone at an instant. */
export function wallClock(timezone: string, at: number): WallClock {
  const parts = wallClockFormat(timezone).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/** The instant of a wall-clock time on a date in a time zone (for Intl formatting). */
export function instantOf(date: string, time: string, timezone: string): number {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  // The zone's offset at that moment, found by formatting; twice, to settle across DST changes.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const shown = wallClock(timezone, guess);
    guess += asUtc - Date.parse(`${shown.date}T${shown.time}:00Z`);
  }
  return guess;
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
  const days = [...board.days].sort((a, b) => a.date.localeCompare(b.date));
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
  for (const slot of slotsOfDay(board, dayId).filter((s) => s.kind === 'session')) {
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
