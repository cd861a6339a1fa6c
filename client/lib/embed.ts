// The embedded plan (/e/:slug/embed): what it shows, and what the site that frames it may choose
// in its address. Loaded with that page alone.
import { slotsOfDay, type Board, type Day, type Slot } from '../../shared/board.ts';
import { entriesOf, isOver, type Entry, type WallClock } from '../../shared/schedule.ts';

/** The language the site asked for (`?lang=de` or `?lang=en`), if any; else the visitor's browser decides. */
export function embedLanguage(search: string): 'de' | 'en' | undefined {
  const language = new URLSearchParams(search).get('lang');
  return language === 'de' || language === 'en' ? language : undefined;
}

/**
 * What is still to come, day by day (the whole plan once the camp is over): the slots not over with the sessions that start in them (a
 * double session once: at its start, or in its second slot once the first is over, as it still
 * runs), rooms in the board's order; days and slots with nothing to come left out.
 */
export function comingUp(board: Board, clock: WallClock): Array<{ day: Day; slots: Array<{ slot: Slot; entries: Entry[] }> }> {
  const ahead = from(board, clock);
  // Once the camp is over, the whole plan, as a record of what ran.
  return ahead.length > 0 ? ahead : from(board, BEFORE_EVERYTHING);
}

const BEFORE_EVERYTHING: WallClock = { date: '0000-01-01', time: '00:00' };

function from(board: Board, clock: WallClock): Array<{ day: Day; slots: Array<{ slot: Slot; entries: Entry[] }> }> {
  return board.days.flatMap((day) => {
    const slots = slotsOfDay(board, day.id)
      .filter((slot) => slot.kind === 'session' && !isOver(day, slot, clock))
      .map((slot) => ({ slot, entries: entriesOf(board, slot).filter((entry) => !entry.continued || isOver(day, entry.slots[0]!, clock)) }))
      .filter(({ entries }) => entries.length > 0);
    return slots.length > 0 ? [{ day, slots }] : [];
  });
}
