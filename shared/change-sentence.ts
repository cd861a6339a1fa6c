// A change of the plan said as one sentence in the event's language, for a chat channel (a
// webhook in the `text` format: Slack, Mattermost and Matrix's hook bridges post it as it is).
// It says what people in the channel care about: where and when a session is now, that it left
// the plan or was cancelled, a new title, a new session. A change with nothing of that (a pitch
// countdown, counted hands, a room's seats) says nothing: no post.
import { findSession, type Board } from './board.ts';
import type { Language } from './language.ts';
import { sessionNotices, type SessionNotice } from './plan-rows.ts';

// A room's name stands in quotes after "im Raum": German would decline it otherwise ("im Großen
// Saal", "in der Werkstatt"), which no rule can do for every name.
const WORDS = {
  de: {
    placed: '„{title}“ ist jetzt im Raum „{room}“ um {start}',
    placedOn: '„{title}“ ist jetzt im Raum „{room}“ am {day} um {start}',
    unplaced: '„{title}“ ist nicht mehr im Plan',
    withdrawn: '„{title}“ fällt aus',
    retitled: '„{old}“ heißt jetzt „{title}“',
    submitted: 'neue Session: „{title}“',
    more: 'und {count} weitere Änderungen',
    test: 'Test von Pitchboard für „{event}“: Dieser Webhook kommt an.',
  },
  en: {
    placed: '“{title}” is now in “{room}” at {start}',
    placedOn: '“{title}” is now in “{room}” on {day} at {start}',
    unplaced: '“{title}” is no longer in the plan',
    withdrawn: '“{title}” is cancelled',
    retitled: '“{old}” is now called “{title}”',
    submitted: 'new session: “{title}”',
    more: 'and {count} more changes',
    test: 'Test from Pitchboard for “{event}”: this webhook works.',
  },
} as const satisfies Record<Language, Record<string, string>>;

/** How many changes one sentence names before it counts the rest. */
const NAMED_AT_MOST = 4;

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

function noticePart(before: Board, notice: SessionNotice, language: Language, severalDays: boolean): string {
  const words = WORDS[language];
  const { row, changes } = notice;
  const title = row.session.title;
  if (changes.includes('withdrawn')) return fill(words.withdrawn, { title });
  if (changes.includes('unplaced')) return fill(words.unplaced, { title });
  const placedAnew = changes.includes('placed') || changes.includes('moved') || changes.includes('retimed');
  if (row.place && placedAnew) {
    const day = new Intl.DateTimeFormat(language, { weekday: 'short', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
      new Date(`${row.place.date}T12:00:00Z`),
    );
    return fill(severalDays ? words.placedOn : words.placed, { title, room: row.place.room.name, day, start: row.place.start });
  }
  return fill(words.retitled, { old: findSession(before, row.session.id)?.title ?? title, title });
}

/** The change from `before` to `after` as one sentence in `language`, or undefined: nothing people follow changed. */
export function changeSentence(before: Board, after: Board, language: Language): string | undefined {
  const words = WORDS[language];
  const severalDays = after.days.length > 1;
  const parts = sessionNotices(
    before,
    after,
    before.sessions.map((s) => s.id),
  ).map((notice) => noticePart(before, notice, language, severalDays));
  for (const session of after.sessions) {
    if (!findSession(before, session.id) && session.status !== 'withdrawn') parts.push(fill(words.submitted, { title: session.title }));
  }
  if (parts.length === 0) return undefined;
  const named = parts.length > NAMED_AT_MOST + 1 ? [...parts.slice(0, NAMED_AT_MOST), fill(words.more, { count: parts.length - NAMED_AT_MOST })] : parts;
  const sentence = named.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** The sentence a test post says. */
export function testSentence(board: Board): string {
  return fill(WORDS[board.event.locale].test, { event: board.event.title });
}
