// What the phone's whole plan shows. Browsing, each day's slots that are over fold away behind
// one line, so that today's plan opens at the slot running now (or the next one) instead of ten
// screens of the morning. Searching, only the slots with hits show, and nothing is folded: a
// search is for finding, past sessions included.
import { orderedRooms, slotsOfDay, type Board, type Day, type Room, type Session, type Slot } from '../../shared/board.ts';
import { entriesOf, isOver, type Entry, type WallClock } from '../../shared/schedule.ts';

export interface PlanSlot {
  slot: Slot;
  /** The sessions to show in it: a double session only at its first slot. */
  entries: Entry[];
}

export interface PlanDay {
  day: Day;
  /** Slots that are over while the camp runs (a past day's are all over): folded behind one line until opened. */
  earlier: PlanSlot[];
  /** The rest of the day, from the slot running now or the next one. */
  ahead: PlanSlot[];
}

export interface AttendeePlan {
  /** In the board's order; while searching, only days with hits. */
  days: PlanDay[];
  /** Sessions shown in all (while searching: the hits). */
  sessionCount: number;
  /**
   * The first slot of the camp has begun: from then on the plan is for finding your way, and
   * lists such as "not placed yet" go below it.
   */
  begun: boolean;
}

/**
 * The plan for a phone at `clock`. `matches` is the search (text or tag): given, only slots with
 * sessions it matches are listed, and break slots are left out.
 */
export function attendeePlan(board: Board, clock: WallClock, matches?: (session: Session) => boolean): AttendeePlan {
  const days: PlanDay[] = [];
  let sessionCount = 0;
  let begun = false;
  // Once the camp is over the plan is a record to look things up in: nothing folds.
  const campOver = board.days.every((day) => slotsOfDay(board, day.id).every((slot) => isOver(day, slot, clock)));
  const folded = (day: Day, slot: Slot) => !campOver && isOver(day, slot, clock);
  for (const day of board.days) {
    const slots = slotsOfDay(board, day.id).map((slot) => ({
      slot,
      entries: slot.kind === 'session' ? entriesOf(board, slot).filter((e) => !e.continued && (!matches || matches(e.session))) : [],
    }));
    begun ||= slots.some(({ slot }) => day.date < clock.date || (day.date === clock.date && slot.start <= clock.time));
    const shown = matches ? slots.filter((s) => s.entries.length > 0) : slots;
    sessionCount += shown.reduce((sum, s) => sum + s.entries.length, 0);
    if (matches && shown.length === 0) continue;
    days.push({
      day,
      earlier: matches ? [] : shown.filter((s) => folded(day, s.slot)),
      ahead: matches ? shown : shown.filter((s) => !folded(day, s.slot)),
    });
  }
  return { days, sessionCount, begun };
}

/** The day whose folded slots hold a session (to open them when a link points at it). */
export function dayFolding(plan: AttendeePlan, sessionId: string): string | undefined {
  return plan.days.find((d) => d.earlier.some((s) => s.entries.some((e) => e.session.id === sessionId)))?.day.id;
}

/**
 * The plan room by room, each room's sessions in time order (a double session once). While
 * searching, only the rooms with hits: the page says "nothing found" once, not once per room.
 */
export function roomsPlan(board: Board, matches?: (session: Session) => boolean): Array<{ room: Room; entries: Entry[] }> {
  const slots = board.days.flatMap((day) => slotsOfDay(board, day.id)).filter((slot) => slot.kind === 'session');
  const rooms = orderedRooms(board).map((room) => ({
    room,
    entries: slots.flatMap((slot) => entriesOf(board, slot).filter((e) => e.room.id === room.id && !e.continued && (!matches || matches(e.session)))),
  }));
  return matches ? rooms.filter((r) => r.entries.length > 0) : rooms;
}
