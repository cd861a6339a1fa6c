// What runs when and where, for the read-only screens (phone, projector, door sign). Pure:
// "now" comes in as the event's wall-clock date and time.
import { findSession, orderedRooms, placementAt, slotsOfDay, type Board, type Room, type Session, type Slot } from './board.ts';

export interface WallClock {
  /** YYYY-MM-DD in the event's time zone. */
  date: string;
  /** HH:MM in the event's time zone. */
  time: string;
}

/** The wall-clock date and time in a time zone at an instant. */
export function wallClock(timezone: string, at: number): WallClock {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
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
}

/** The sessions of a slot, rooms in display order. */
export function entriesOf(board: Board, slot: Slot): Entry[] {
  return orderedRooms(board).flatMap((room) => {
    const placement = placementAt(board, { roomId: room.id, slotId: slot.id });
    const session = placement && findSession(board, placement.sessionId);
    return session && session.status === 'pitched' ? [{ room, session }] : [];
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

export interface RoomDay {
  now: { slot: Slot; session: Session | undefined } | undefined;
  next: { slot: Slot; session: Session | undefined } | undefined;
  later: Array<{ slot: Slot; session: Session | undefined }>;
}

/** A room's day for its door: the session now, the next one, and the rest of the day. */
export function roomDay(board: Board, roomId: string, clock: WallClock): RoomDay {
  const { dayId, phase } = nowAndNext(board, clock);
  if (!dayId) return { now: undefined, next: undefined, later: [] };
  const withSession = (slot: Slot) => {
    const placement = placementAt(board, { roomId, slotId: slot.id });
    const session = placement && findSession(board, placement.sessionId);
    return { slot, session: session?.status === 'pitched' ? session : undefined };
  };
  const slots = slotsOfDay(board, dayId).filter((s) => s.kind === 'session');
  if (phase === 'after') return { now: undefined, next: undefined, later: [] };
  const running = phase === 'during' ? slots.find((s) => s.start <= clock.time && clock.time < s.end) : undefined;
  const upcoming = slots.filter((s) => phase === 'before' || s.start > clock.time);
  const [next, ...later] = upcoming;
  return {
    now: running && withSession(running),
    next: next && withSession(next),
    later: later.map(withSession),
  };
}
