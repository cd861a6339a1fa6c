// Every clash on the plan at once, for the facilitator to see while placing: never enforced, the
// facilitator decides. Pure: the board in, the warnings out.
import { findSession, plannedInterest, type Board, type Placement, type Session } from './board.ts';
import { wishConflicts } from './wishes.ts';

export type WarningKind = 'host_parallel' | 'over_capacity' | 'tag_parallel' | 'wish';

export interface Warning {
  kind: WarningKind;
  /** The sessions concerned, in the board's order. */
  sessionIds: string[];
  /** Plain English, safe to show; screens say it in their language from kind, sessions and subject. */
  message: string;
  /** What the sessions share: the host's name as written, or the tag. */
  subject?: string;
}

/**
 * The people who give a session: "Anna & Ben", "Anna, Ben" and "Anna und Ben" are two. A person
 * is the same when the names match after trimming, regardless of case.
 */
export function hostsOf(session: Pick<Session, 'host'>): string[] {
  return hostNames(session).map(samePerson);
}

/** What people write where nobody is named yet ("N. N.", "tba", "?"): no person, so never in two places. */
const NOBODY_YET = /^(n\.?\s*n\.?|tba|tbd|\?+|-+|–|—)$/i;

/** The names as written (for messages, and for a merge that keeps both sessions' hosts). */
export function hostNames(session: Pick<Session, 'host'>): string[] {
  return session.host
    .split(/\s*(?:,|&|\/|\+|\bund\b|\band\b)\s*/i)
    .map((name) => name.trim())
    .filter((name) => name && !NOBODY_YET.test(name));
}

/** A name as compared: two names are one person when they match after trimming, regardless of case. */
export const samePerson = (name: string) => name.trim().toLocaleLowerCase();

/** A tag as compared: "KI" and "ki " are one topic. */
export const sameTag = (tag: string) => tag.trim().toLocaleLowerCase();

/** Pitched, placed sessions by the slots they take: who runs in parallel with whom. */
function sessionsBySlot(board: Board): Map<string, Session[]> {
  const bySlot = new Map<string, Session[]>();
  for (const placement of board.placements) {
    const session = findSession(board, placement.sessionId);
    if (session?.status !== 'pitched') continue;
    const list = bySlot.get(placement.slotId) ?? [];
    if (!list.includes(session)) list.push(session);
    bySlot.set(placement.slotId, list);
  }
  return bySlot;
}

/** Pairs in one slot that share something (a host, a tag): one warning per group sharing it. */
function sharedInParallel(
  board: Board,
  kind: 'host_parallel' | 'tag_parallel',
  keysOf: (session: Session) => string[],
  message: (shared: string, titles: string) => string,
): Warning[] {
  const warnings: Warning[] = [];
  for (const sessions of sessionsBySlot(board).values()) {
    const holders = new Map<string, Session[]>();
    for (const session of sessions) for (const key of new Set(keysOf(session))) holders.set(key, [...(holders.get(key) ?? []), session]);
    for (const [key, together] of holders) {
      if (together.length < 2) continue;
      const shown = kind === 'host_parallel' ? (hostNames(together[0]!).find((name) => samePerson(name) === key) ?? key) : key;
      const titles = together.map((s) => `"${s.title}"`).join(', ');
      warnings.push({ kind, sessionIds: together.map((s) => s.id), message: message(shown, titles), subject: shown });
    }
  }
  return warnings;
}

function overCapacity(board: Board): Warning[] {
  const warnings: Warning[] = [];
  const counted = new Set<string>();
  for (const placement of board.placements) {
    const session = findSession(board, placement.sessionId);
    const room = board.rooms.find((r) => r.id === placement.roomId);
    if (!session || session.status !== 'pitched' || !room || room.capacity === null || counted.has(session.id)) continue;
    const interest = plannedInterest(session);
    if (interest > room.capacity) {
      counted.add(session.id);
      warnings.push({
        kind: 'over_capacity',
        sessionIds: [session.id],
        message: `"${session.title}" has ${interest} interested and ${room.name} seats ${room.capacity}.`,
      });
    }
  }
  return warnings;
}

function againstWishes(board: Board): Warning[] {
  const placed = new Set(board.placements.map((p: Placement) => p.sessionId));
  return board.sessions.flatMap((session): Warning[] => {
    if (!placed.has(session.id) || session.status !== 'pitched') return [];
    const conflicts = wishConflicts(board, session.id);
    if (conflicts.length === 0) return [];
    const what = conflicts.map((conflict) => {
      switch (conflict) {
        case 'wants_before_lunch':
          return 'wants to be before lunch';
        case 'wants_after_lunch':
          return 'wants to be after lunch';
        case 'leaves_before_end':
          return `has to leave at ${session.wishes.leaveBy}`;
        case 'no_projector':
          return 'needs a projector, and the room has none';
      }
    });
    return [{ kind: 'wish', sessionIds: [session.id], message: `The giver of "${session.title}" ${what.join(' and ')}.` }];
  });
}

/** Every warning on the board, by kind: hosts in two places at once first, then seats, wishes and tags. */
export function boardWarnings(board: Board): Warning[] {
  const order = new Map(board.sessions.map((s, index) => [s.id, index]));
  const inBoardOrder = (w: Warning): Warning => ({ ...w, sessionIds: [...w.sessionIds].sort((a, b) => order.get(a)! - order.get(b)!) });
  const all = [
    ...sharedInParallel(board, 'host_parallel', hostsOf, (host, titles) => `${host} gives ${titles} at the same time.`),
    ...overCapacity(board),
    ...againstWishes(board),
    ...sharedInParallel(
      board,
      'tag_parallel',
      (s) => s.tags.map(sameTag),
      (tag, titles) => `${titles} share the tag "${tag}" and run at the same time.`,
    ),
  ].map(inBoardOrder);
  // A double session meets its neighbour in two slots: one warning is enough.
  const seen = new Set<string>();
  return all.filter((w) => {
    const key = `${w.kind}|${w.sessionIds.join('|')}|${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The warnings that concern one session. */
export function warningsOf(board: Board, sessionId: string): Warning[] {
  return boardWarnings(board).filter((w) => w.sessionIds.includes(sessionId));
}
