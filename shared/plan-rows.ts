// The plan as rows, for files that leave the board (calendar feeds, the CSV): every session with
// where and when it runs. Pure; the server writes the rows as iCal or CSV.
import { findSession, placementOf, sortableOrder, type Board, type Room, type Session } from './board.ts';
import { sessionSlots, zonedInstant } from './schedule.ts';

export type RowStatus = 'placed' | 'unplaced' | 'withdrawn';

export interface PlanRow {
  session: Session;
  status: RowStatus;
  /** Where and when, for a placed session: a double session from its first slot's start to its second's end. */
  place: { room: Room; dayId: string; date: string; start: string; end: string; startsAt: number; endsAt: number } | null;
}

function rowOf(board: Board, session: Session): PlanRow {
  if (session.status === 'withdrawn') return { session, status: 'withdrawn', place: null };
  const slots = sessionSlots(board, session.id);
  const [first, last] = [slots[0], slots.at(-1)];
  const room = board.rooms.find((r) => r.id === placementOf(board, session.id)?.roomId);
  const date = first && board.days.find((d) => d.id === first.dayId)?.date;
  // Each of these follows from the one before on a sound board; the compiler wants them said.
  if (!first || !last || !room || !date) return { session, status: 'unplaced', place: null };
  const zone = board.event.timezone;
  return {
    session,
    status: 'placed',
    place: {
      room,
      dayId: first.dayId,
      date,
      start: first.start,
      end: last.end,
      startsAt: zonedInstant(zone, date, first.start),
      endsAt: zonedInstant(zone, date, last.end),
    },
  };
}

/** A row of a placed session: its place is known. */
export type PlacedRow = PlanRow & { place: NonNullable<PlanRow['place']> };

/** Every session: the placed ones in time order (rooms in their order within a slot), then the others as they came in. */
export function planRows(board: Board): PlanRow[] {
  const when = ({ place }: PlanRow) => (place ? `${place.date}|${place.start}|${String(place.room.position).padStart(5, '0')}` : '~');
  // A stable sort: the others keep the order they came in.
  return board.sessions.map((session) => rowOf(board, session)).sort((a, b) => sortableOrder(when(a), when(b)));
}

/** What a calendar shows: the placed sessions, all of them or only those in one room or of the ids given. */
export function calendarRows(board: Board, only: { roomId?: string; sessionIds?: readonly string[] } = {}): PlacedRow[] {
  const wanted = only.sessionIds && new Set(only.sessionIds);
  return planRows(board).filter(
    (row): row is PlacedRow => row.place !== null && (!only.roomId || row.place.room.id === only.roomId) && (!wanted || wanted.has(row.session.id)),
  );
}

/** What can change of a session, as a phone that starred it hears it. */
export type RowChange = 'placed' | 'moved' | 'retimed' | 'retitled' | 'unplaced' | 'withdrawn';

/** One session's changes between two boards, with where and when it is now. */
export interface SessionNotice {
  row: PlanRow;
  changes: RowChange[];
}

/**
 * What changed of each of these sessions between two boards: a room, a time, a title, taken off
 * the plan or withdrawn. A session nothing of this changed for (a tag, the hands) gets no notice;
 * a session gone from the board counts as withdrawn.
 */
export function sessionNotices(before: Board, after: Board, sessionIds: readonly string[]): SessionNotice[] {
  const notices: SessionNotice[] = [];
  for (const sessionId of new Set(sessionIds)) {
    const was = findSession(before, sessionId);
    if (!was) continue;
    const now = findSession(after, sessionId) ?? { ...was, status: 'withdrawn' as const };
    const [old, row] = [rowOf(before, was), rowOf(after, now)];
    const changes: RowChange[] = [];
    if (row.status === 'withdrawn') {
      if (old.status !== 'withdrawn') changes.push('withdrawn');
    } else {
      if (now.title !== was.title) changes.push('retitled');
      if (old.place && !row.place) changes.push('unplaced');
      if (!old.place && row.place) changes.push('placed');
      if (old.place && row.place) {
        if (old.place.room.id !== row.place.room.id || old.place.room.name !== row.place.room.name) changes.push('moved');
        if (old.place.startsAt !== row.place.startsAt || old.place.endsAt !== row.place.endsAt) changes.push('retimed');
      }
    }
    if (changes.length > 0) notices.push({ row, changes });
  }
  return notices;
}
