// Where a session could go, best first, while its giver is still at the microphone: free cells
// in slots not yet begun, where it raises no warning (shared/warnings.ts) while such a cell
// exists; the earliest time, and in it the smallest room whose seats hold the interest (best
// fit). Pure: the facilitator decides.
import { apply } from './apply.ts';
import {
  bookableCells,
  findSession,
  isBlocked,
  placementAt,
  plannedInterest,
  unplacedSessions,
  type Board,
  type Cell,
  type Placement,
  type Session,
} from './board.ts';
import { wallClock } from './schedule.ts';
import { hostNames, hostsOf, samePerson, sameTag } from './warnings.ts';
import { fitsWishes, roomsTellProjectors } from './wishes.ts';

/**
 * Why a cell is suggested; screens say it in their language. `biggest_free`: no free room holds
 * the interest, and this is the biggest one there is (the suggestion then names its seats).
 */
export type SuggestionReason =
  'seats_fit' | 'seats_unknown' | 'biggest_free' | 'shared_tag' | 'before_lunch' | 'after_lunch' | 'leaves_in_time' | 'has_projector' | 'no_shared_tag';

export interface Suggestion extends Cell {
  reasons: SuggestionReason[];
  /** With `biggest_free`: the room's seats and the interest it falls short of. */
  seats?: number;
  interest?: number;
  /** With `shared_tag`: the topic that runs in parallel (as the other session writes it). */
  tag?: string;
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

/** Why a free cell is no place for a session: its host runs elsewhere then, or a wish. Shared tags are weighed apart. */
type Obstacle = { kind: 'host'; name: string } | { kind: 'wish' };

interface Candidate {
  cell: Cell;
  wishes: SuggestionReason[];
  time: number;
  seats: number | null;
  /** A topic of the session that runs in parallel (a soft clash), as the other session writes it. */
  sharedTag?: string;
  obstacle?: Obstacle;
}

/** Every free cell in a slot not yet begun, with what it would go against. */
function candidatesFor(board: Board, session: Session, now: number | undefined): Candidate[] {
  const hosts = new Set(hostsOf(session));
  const tags = new Set(session.tags.map(sameTag));
  // Who already runs in each slot (other than the session itself): their hosts and tags, as written.
  const busy = new Map<string, { hosts: Map<string, string>; tags: Map<string, string> }>();
  for (const placement of board.placements) {
    const other = findSession(board, placement.sessionId);
    if (!other || other.id === session.id || other.status !== 'pitched') continue;
    const inSlot = busy.get(placement.slotId) ?? { hosts: new Map<string, string>(), tags: new Map<string, string>() };
    hostNames(other).forEach((name) => inSlot.hosts.set(samePerson(name), name));
    other.tags.forEach((tag) => inSlot.tags.set(sameTag(tag), tag));
    busy.set(placement.slotId, inSlot);
  }
  const started = startedSlots(board, now);
  const roomOrder = new Map(board.rooms.map((room) => [room.id, room]));
  return bookableCells(board).flatMap((cell, order): Candidate[] => {
    const occupant = placementAt(board, cell);
    if (started.has(cell.slotId) || isBlocked(board, cell) || (occupant && occupant.sessionId !== session.id)) return [];
    const room = roomOrder.get(cell.roomId)!;
    const slot = board.slots.find((s) => s.id === cell.slotId)!;
    const inSlot = busy.get(slot.id);
    const host = [...hosts].find((name) => inSlot?.hosts.has(name));
    const tag = [...tags].find((name) => inSlot?.tags.has(name));
    const wishes: SuggestionReason[] = [];
    if (session.wishes.timing === 'before_lunch') wishes.push('before_lunch');
    if (session.wishes.timing === 'after_lunch') wishes.push('after_lunch');
    if (session.wishes.leaveBy) wishes.push('leaves_in_time');
    if (session.wishes.needsProjector && roomsTellProjectors(board)) wishes.push('has_projector');
    if (tags.size > 0 && tag === undefined) wishes.push('no_shared_tag');
    const againstWish = !fitsWishes(board, session.wishes, room, slot);
    const obstacle: Obstacle | undefined = host !== undefined ? { kind: 'host', name: inSlot!.hosts.get(host)! } : againstWish ? { kind: 'wish' } : undefined;
    return [
      {
        cell,
        wishes,
        time: Math.floor(order / board.rooms.length),
        seats: room.capacity,
        ...(tag !== undefined && { sharedTag: inSlot!.tags.get(tag)! }),
        ...(obstacle && { obstacle }),
      },
    ];
  });
}

/** The best of cells equal in what they go against: the earliest that holds everyone, else the biggest. */
function best(candidates: Candidate[], interest: number, limit: number): Suggestion[] {
  const tagged = (c: Candidate): Pick<Suggestion, 'tag'> => (c.sharedTag === undefined ? {} : { tag: c.sharedTag });
  const soft = (c: Candidate): SuggestionReason[] => (c.sharedTag === undefined ? [] : ['shared_tag']);
  const fitting = candidates.filter(({ seats }) => seats === null || interest <= seats);
  if (fitting.length > 0) {
    // The earliest time, and in it the smallest room that holds everyone interested (rooms of
    // unknown size after). A stable sort: among equals, the room order stays.
    return fitting
      .sort((a, b) => a.time - b.time || (a.seats ?? Number.MAX_SAFE_INTEGER) - (b.seats ?? Number.MAX_SAFE_INTEGER))
      .slice(0, limit)
      .map((c) => ({
        roomId: c.cell.roomId,
        slotId: c.cell.slotId,
        reasons: [c.seats === null ? 'seats_unknown' : 'seats_fit', ...soft(c), ...c.wishes],
        ...tagged(c),
      }));
  }
  // Every free room is too small: the biggest, the earliest of equals. It will say so.
  return candidates
    .sort((a, b) => b.seats! - a.seats! || a.time - b.time)
    .slice(0, limit)
    .map((c) => ({
      roomId: c.cell.roomId,
      slotId: c.cell.slotId,
      reasons: ['biggest_free', ...soft(c), ...c.wishes],
      seats: c.seats!,
      interest,
      ...tagged(c),
    }));
}

/**
 * The cells a session could be put in, best first (at most `limit`), at server time `now` (slots
 * that have begun are left out). Never beside a session of the same host, never against a wish.
 * Cells with no warning first; when no free room holds the interest, the biggest free rooms with
 * a known size, with what they fall short of; when every such cell has a topic of the session
 * running in parallel (a soft clash), those, naming the topic. None for an unknown or withdrawn
 * session, or when nothing is free (see `whyNoOffer`).
 */
export function suggestCells(board: Board, sessionId: string, limit = 3, now?: number): Suggestion[] {
  const session = findSession(board, sessionId);
  if (!session || session.status !== 'pitched') return [];
  const allowed = candidatesFor(board, session, now).filter((c) => c.obstacle === undefined);
  const apart = allowed.filter((c) => c.sharedTag === undefined);
  return best(apart.length > 0 ? apart : allowed, plannedInterest(session), limit);
}

/** Why a session has no offer; screens say it in their language. */
export type NoOffer = { kind: 'no_free_cell' } | { kind: 'all_begun' } | { kind: 'host'; names: string[] } | { kind: 'wish' };

/**
 * Why `suggestCells` finds nothing: no cell is free at all, the free ones lie in slots that have
 * begun, or in every free one a host of the session runs elsewhere at the same time (named) or a
 * wish stands against it. Undefined when there is an offer.
 */
export function whyNoOffer(board: Board, sessionId: string, now?: number): NoOffer | undefined {
  const session = findSession(board, sessionId);
  if (!session || session.status !== 'pitched' || suggestCells(board, sessionId, 1, now).length > 0) return undefined;
  const candidates = candidatesFor(board, session, now);
  if (candidates.length === 0) return candidatesFor(board, session, undefined).length > 0 ? { kind: 'all_begun' } : { kind: 'no_free_cell' };
  const names = [...new Set(candidates.flatMap((c) => (c.obstacle?.kind === 'host' ? [c.obstacle.name] : [])))];
  return names.length > 0 ? { kind: 'host', names } : { kind: 'wish' };
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
