// Where a session could go, best first, while its giver is still at the microphone: only free
// cells where it raises no warning (shared/warnings.ts); the earliest time, and in it the
// smallest room whose seats fit the hands raised. Pure: the facilitator decides.
import { apply } from './apply.ts';
import { bookableCells, findSession, isBlocked, placementAt, unplacedSessions, type Board, type Cell, type Placement } from './board.ts';
import { hostsOf, sameTag } from './warnings.ts';
import { lacksProjector, roomsTellProjectors, timeConflicts } from './wishes.ts';

/** Why a cell is suggested; screens say it in their language. */
export type SuggestionReason = 'seats_fit' | 'seats_unknown' | 'before_lunch' | 'after_lunch' | 'leaves_in_time' | 'has_projector' | 'no_shared_tag';

export interface Suggestion extends Cell {
  reasons: SuggestionReason[];
}

/** The cells a session could be put in, best first (at most `limit`). None for an unknown or withdrawn session. */
export function suggestCells(board: Board, sessionId: string, limit = 3): Suggestion[] {
  const session = findSession(board, sessionId);
  if (!session || session.status !== 'pitched') return [];
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
  const roomOrder = new Map(board.rooms.map((room) => [room.id, room]));
  const candidates = bookableCells(board).flatMap((cell, order) => {
    const occupant = placementAt(board, cell);
    if (isBlocked(board, cell) || (occupant && occupant.sessionId !== session.id)) return [];
    const room = roomOrder.get(cell.roomId)!;
    const slot = board.slots.find((s) => s.id === cell.slotId)!;
    const inSlot = busy.get(slot.id);
    if (inSlot && [...hosts].some((host) => inSlot.hosts.has(host))) return [];
    if (inSlot && [...tags].some((tag) => inSlot.tags.has(tag))) return [];
    if (room.capacity !== null && session.interest > room.capacity) return [];
    if (timeConflicts(board, session.wishes, slot, slot).length > 0) return [];
    if (lacksProjector(board, session.wishes, room)) return [];
    const reasons: SuggestionReason[] = [room.capacity === null ? 'seats_unknown' : 'seats_fit'];
    if (session.wishes.timing === 'before_lunch') reasons.push('before_lunch');
    if (session.wishes.timing === 'after_lunch') reasons.push('after_lunch');
    if (session.wishes.leaveBy) reasons.push('leaves_in_time');
    if (session.wishes.needsProjector && roomsTellProjectors(board)) reasons.push('has_projector');
    if (tags.size > 0) reasons.push('no_shared_tag');
    // The earliest time, and in it the smallest room that seats everyone interested (rooms of unknown size after).
    return [{ cell, reasons, time: Math.floor(order / board.rooms.length), seats: room.capacity ?? Number.MAX_SAFE_INTEGER }];
  });
  // A stable sort: among equals, the room order stays.
  return candidates
    .sort((a, b) => a.time - b.time || a.seats - b.seats)
    .slice(0, limit)
    .map(({ cell, reasons }) => ({ roomId: cell.roomId, slotId: cell.slotId, reasons }));
}

/**
 * A place for every session still in the tray that can have one without a warning: the most
 * hands raised first (they need the big rooms), each at its best suggestion on the plan as filled
 * so far. Sessions that fit nowhere stay in the tray for the facilitator.
 */
export function autofill(board: Board): Placement[] {
  // A stable sort: among as many hands, the session pitched first goes first.
  const waiting = unplacedSessions(board).sort((a, b) => b.interest - a.interest);
  const placements: Placement[] = [];
  let filled = board;
  for (const session of waiting) {
    const [best] = suggestCells(filled, session.id, 1);
    if (!best) continue;
    const placement = { sessionId: session.id, roomId: best.roomId, slotId: best.slotId };
    placements.push(placement);
    filled = apply(filled, { type: 'session.placed', ...placement });
  }
  return placements;
}
