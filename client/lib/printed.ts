// What the last print of an event showed, kept on the laptop that printed it: the print pages
// mark the sheets whose sessions changed since, so that only those are printed and hung again.
import { findSession, type Board } from '../../shared/board.ts';
import { calendarRows } from '../../shared/plan-rows.ts';

/** Each placed session as printed: where and when it ran, and what it said (its notes link too). */
export type PrintedPlan = Record<string, string>;

const storageKey = (slug: string) => `pitchboard:printed:${slug}`;

/** The plan as a print shows it, one line per placed session. */
export function printedPlan(board: Board): PrintedPlan {
  return Object.fromEntries(
    calendarRows(board).map(({ session, place }) => [
      session.id,
      // The notes link only when there is one: a print made before notes links still matches.
      JSON.stringify([place.room.id, place.date, place.start, place.end, session.title, session.host, ...(session.notesUrl ? [session.notesUrl] : [])]),
    ]),
  );
}

/**
 * What changed since the print: the sessions whose line differs (moved, retitled, new, gone), and
 * the places (`roomId|date`) where a sheet shows something else now — where it was and where it is.
 */
export function changedSince(board: Board, printed: PrintedPlan): { sessionIds: Set<string>; places: Set<string> } {
  const now = printedPlan(board);
  const sessionIds = new Set<string>();
  const places = new Set<string>();
  for (const id of new Set([...Object.keys(now), ...Object.keys(printed)])) {
    if (now[id] === printed[id]) continue;
    sessionIds.add(id);
    for (const line of [now[id], printed[id]]) {
      if (!line) continue;
      const [roomId, date] = JSON.parse(line) as string[];
      places.add(`${roomId}|${date}`);
    }
  }
  // A session printed that no longer exists at all has no title to show; its room still counts.
  for (const id of sessionIds) if (!findSession(board, id)) sessionIds.delete(id);
  return { sessionIds, places };
}

export function loadPrinted(slug: string, storage: Pick<Storage, 'getItem'> = localStorage): PrintedPlan | null {
  try {
    return JSON.parse(storage.getItem(storageKey(slug)) ?? 'null') as PrintedPlan | null;
  } catch {
    return null;
  }
}

export function savePrinted(slug: string, board: Board, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(storageKey(slug), JSON.stringify(printedPlan(board)));
}
