// Where a session could go, best first, while its giver is still at the microphone: free cells
// in slots not yet started, where it raises no warning (shared/warnings.ts); the earliest time,
// and in it the smallest room whose seats hold the interest (best fit). Pure: the facilitator decides.
import { apply } from './apply.ts';
import { bookableCells, findSession, isBlocked, placementAt, plannedInterest, unplacedSessions, type Board, type Cell, type Placement } from './board.ts';
import { wallClock } from './schedule.ts';
import { hostsOf, sameTag } from './warnings.ts';
import { lacksProjector, roomsTellProjectors, timeConflicts } from './wishes.ts';

/**
 * Why a cell is suggested; screens say it in their language. `biggest_free`: no free room holds
 * the interest, and this is the biggest one there is (the suggestion then names its seats).
 */
export type SuggestionReason =
  'seats_fit' | 'seats_unknown' | 'biggest_free' | 'before_lunch' | 'after_lunch' | 'leaves_in_time' | 'has_projector' | 'no_shared_tag';

export interface Suggestion extends Cell {
  reasons: SuggestionReason[];
  /** With `biggest_free`: the room's seats and the interest it falls short of. */
  seats?: number;
  interest?: number;
}

/**
 * Which slots have begun at server time `now` in the event's zone. Once every slot has begun
 * (the camp is over, or a plan is made afterwards), none counts as begun: planning goes on.
 */
function startedSlots(board: Board, now: number | undefined): Set<string> {
  if (now === undefined) return new Set();
  const clock = wallClock(board.event.timezone, now);
  const today = `${clock.date} ${clock.time}`;
  const dateOf = new Map(board.days.map((day) => [day.id, day.date]));
  const sessionSlots = board.slots.filter((slot) => slot.kind === 'session');
  const started = sessionSlots.filter((slot) => `${dateOf.get(slot.dayId) ?? ''} ${slot.start}` <= today);
  return started.length === sessionSlots.length ? new Set() : new Set(started.map((slot) => slot.id));
}

/**
 * The cells a session could be put in, best first (at most `limit`), at server time `now` (slots
 * that have begun are left out). When no free room holds the interest, the biggest free rooms
 * with a known size, with what they fall short of. None for an unknown or withdrawn session.
 */
export function suggestCells(board: Board, sessionId: string, limit = 3, now?: number): Suggestion[] {
  const session = findSession(board, sessionId);
  if (!session || session.status !== 'pitched') return [];
  const interest = plannedInterest(session);
  const hosts = new Set(hostsOf(session));
  const tags = new Set(session.tags.map(sameTag));
  // Who already runs in each slot (other than the session itself): their hosts and tags.
  const busy = new Map<string, { hosts: Set<string>; tags: Set<string> }>();
  for (const placement of board.placements) {
    const other = findSession(board, placement.sessionId);
    if (!other || other.id === session.id || other.status !== 'pitched') continue;
    const inSlot = busy.get(placement.slotId) ?? { hosts: new Set<string>(), tags: new Set<string>() };
    hostsOf(other).forEach((host) => inSlot.hosts.add(host));
    other.tags.forEach((tag) => inSlot.tags.add(sameTag(tag)));
    busy.set(placement.slotId, inSlot);
  }
  const started = startedSlots(board, now);
  const roomOrder = new Map(board.rooms.map((room) => [room.id, room]));
  const candidates = bookableCells(board).flatMap((cell, order) => {
    const occupant = placementAt(board, cell);
    if (started.has(cell.slotId) || isBlocked(board, cell) || (occupant && occupant.sessionId !== session.id)) return [];
    const room = roomOrder.get(cell.roomId)!;
    const slot = board.slots.find((s) => s.id === cell.slotId)!;
    const inSlot = busy.get(slot.id);
    if (inSlot && [...hosts].some((host) => inSlot.hosts.has(host))) return [];
    if (inSlot && [...tags].some((tag) => inSlot.tags.has(tag))) return [];
    if (timeConflicts(board, session.wishes, slot, slot).length > 0) return [];
    if (lacksProjector(board, session.wishes, room)) return [];
    const wishes: SuggestionReason[] = [];
    if (session.wishes.timing === 'before_lunch') wishes.push('before_lunch');
    if (session.wishes.timing === 'after_lunch') wishes.push('after_lunch');
    if (session.wishes.leaveBy) wishes.push('leaves_in_time');
    if (session.wishes.needsProjector && roomsTellProjectors(board)) wishes.push('has_projector');
    if (tags.size > 0) wishes.push('no_shared_tag');
    return [{ cell, wishes, time: Math.floor(order / board.rooms.length), seats: room.capacity }];
  });
  const fitting = candidates.filter(({ seats }) => seats === null || interest <= seats);
  if (fitting.length > 0) {
    // The earliest time, and in it the smallest room that holds everyone interested (rooms of
    // unknown size after). A stable sort: among equals, the room order stays.
    return fitting
      .sort((a, b) => a.time - b.time || (a.seats ?? Number.MAX_SAFE_INTEGER) - (b.seats ?? Number.MAX_SAFE_INTEGER))
      .slice(0, limit)
      .map(({ cell, wishes, seats }) => ({ roomId: cell.roomId, slotId: cell.slotId, reasons: [seats === null ? 'seats_unknown' : 'seats_fit', ...wishes] }));
  }
  // Every free room is too small: the biggest, the earliest of equals. It will say so.
  return candidates
    .sort((a, b) => b.seats! - a.seats! || a.time - b.time)
    .slice(0, limit)
    .map(({ cell, wishes, seats }) => ({ roomId: cell.roomId, slotId: cell.slotId, reasons: ['biggest_free', ...wishes], seats: seats!, interest }));
}

/**
 * A place for every session still in the tray: the biggest interest first (they need the big
 * rooms), each at its offer on the plan as filled so far. Sessions with no offer (no free cell
 * that keeps hosts, tags and wishes apart) stay in the tray for the facilitator.
 */
export function autofill(board: Board, now?: number): Placement[] {
  // A stable sort: among as much interest, the session pitched first goes first.
  const waiting = unplacedSessions(board).sort((a, b) => plannedInterest(b) - plannedInterest(a));
  const placements: Placement[] = [];
  let filled = board;
  for (const session of waiting) {
    const [best] = suggestCells(filled, session.id, 1, now);
    if (!best) continue;
    const placement = { sessionId: session.id, roomId: best.roomId, slotId: best.slotId };
    placements.push(placement);
    filled = apply(filled, { type: 'session.placed', ...placement });
  }
  return placements;
}
