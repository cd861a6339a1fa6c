// The plan as files other programs read: iCal feeds for calendars (RFC 5545, written by
// ical-generator) and a CSV for spreadsheets (RFC 4180, written by csv-stringify).
import { createHash } from 'node:crypto';
import ical from 'ical-generator';
import { stringify } from 'csv-stringify/sync';
import { plannedInterest, type Board } from '../shared/board.ts';
import { eventPaths } from '../shared/links.ts';
import { planRows, type PlacedRow } from '../shared/plan-rows.ts';

/** The description's words, in the event's language. */
const WORDS = {
  de: { hosts: 'Von' },
  en: { hosts: 'Hosted by' },
};

/** One calendar entry of a placed session: what it says, whatever its SEQUENCE. */
export function calendarEntry(board: Board, row: PlacedRow, base: string) {
  const { session, place } = row;
  const words = WORDS[board.event.locale];
  return {
    // Stable across fetches and moves: a calendar updates the entry instead of adding another.
    id: `${session.id}@${board.event.slug}.pitchboard`,
    start: new Date(place.startsAt),
    end: new Date(place.endsAt),
    summary: session.title,
    location: place.room.name,
    description: [session.host && `${words.hosts}: ${session.host}`, session.description].filter(Boolean).join('\n\n'),
    url: `${base}${eventPaths.session(board.event.slug, session.id)}`,
    categories: session.tags.map((name) => ({ name })),
  };
}

export type CalendarEntry = ReturnType<typeof calendarEntry>;

/** What an entry says, in short: when it changes, the entry's SEQUENCE rises. */
export function fingerprint(entry: CalendarEntry): string {
  const said = [entry.summary, entry.location, entry.start.toISOString(), entry.end.toISOString(), entry.description, entry.url, entry.categories];
  return createHash('sha256').update(JSON.stringify(said)).digest('base64url').slice(0, 22);
}

/** A VCALENDAR of the entries, each with its SEQUENCE; times in UTC, so every calendar shows them in its own zone. */
export function calendarText(name: string, entries: ReadonlyArray<CalendarEntry & { sequence: number }>): string {
  const calendar = ical({
    name,
    prodId: { company: 'Pitchboard', product: 'Pitchboard', language: 'DE' },
    // Subscribed calendars look again after this many seconds (where they honour it).
    ttl: 15 * 60,
  });
  for (const entry of entries) calendar.createEvent(entry);
  return calendar.toString();
}

const CSV_COLUMNS = ['title', 'hosts', 'tags', 'interest', 'room', 'date', 'start', 'end', 'status', 'description'] as const;

/** Every session (placed or not), one row each; UTF-8 with a byte order mark so that spreadsheets read umlauts right. */
export function sessionsCsv(board: Board): string {
  const rows = planRows(board).map(({ session, status, place }) => [
    session.title,
    session.host,
    session.tags.join(', '),
    plannedInterest(session),
    place?.room.name ?? '',
    place?.date ?? '',
    place?.start ?? '',
    place?.end ?? '',
    status,
    session.description,
  ]);
  return stringify([[...CSV_COLUMNS], ...rows], { bom: true, record_delimiter: 'windows' });
}
