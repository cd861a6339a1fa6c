// The plan for conference apps (Giggity, EventFahrplan, ConfClerk …): the c3voc schedule, as
// GET /api/events/:slug/schedule.json serves it (the JSON schema of the public voc/schedule
// repository, validator/json/schema.json), and what its frab XML twin (schedule.xml, written by
// server/plan-files.ts) is made from. Pure: the server hands in how a name becomes a UUID.
import { orderedRooms, slotsOfDay, sortableOrder, type Board, type Session } from './board.ts';
import { eventPaths, slugWords } from './links.ts';
import { calendarRows, type PlacedRow } from './plan-rows.ts';
import { zonedDateTimeText } from './schedule.ts';
import type { Language } from './language.ts';

/** A link of a session, as schedule apps show it (c3voc: `{url, title}`; frab XML: `<link href>title</link>`). */
export interface ScheduleLink {
  url: string;
  title: string;
}

export interface SchedulePerson {
  name: string;
}

export interface ScheduleEvent {
  /** A positive integer that never changes for the session (see `scheduleEventId`). */
  id: number;
  /** A UUID that never changes for the session, wherever it moves. */
  guid: string;
  /** When it starts, with the zone's offset: "2026-05-09T10:00:00+02:00". */
  date: string;
  /** HH:MM, wall clock of the event's zone. */
  start: string;
  /** HH:MM: a double session's from its first slot's start to its second's end. */
  duration: string;
  room: string;
  slug: string;
  url: string;
  title: string;
  subtitle: string;
  track: string | null;
  type: string;
  language: string;
  abstract: string;
  persons: SchedulePerson[];
  links: ScheduleLink[];
}

export interface ScheduleRoom {
  name: string;
  guid: string;
  capacity: number | null;
}

export interface ScheduleDay {
  /** 1 for the first day. */
  index: number;
  date: string;
  /** From the day's first slot's start to its last slot's end, with the zone's offset. */
  day_start: string;
  day_end: string;
  /** Every room by name, in the board's order, with its sessions in time order. */
  rooms: Record<string, ScheduleEvent[]>;
}

export interface ConferenceSchedule {
  $schema: string;
  generator: { name: string };
  schedule: {
    version: string;
    base_url: string;
    conference: {
      acronym: string;
      title: string;
      start: string;
      end: string;
      daysCount: number;
      timeslot_duration: string;
      time_zone_name: string;
      url: string;
      tracks: Array<{ name: string }>;
      rooms: ScheduleRoom[];
      days: ScheduleDay[];
    };
  };
}

export const SCHEDULE_SCHEMA_URL = 'https://c3voc.de/schedule/schema.json';

/** The kind every session is: barcamp sessions are talks, workshops and rounds alike. */
const SESSION_TYPE = 'other';

/** A notes link's title in schedule apps, in the event's language. */
const NOTES_TITLE = { de: 'Notizen', en: 'Notes' } as const;

/** The links a session shows in schedule apps: the one place they are made (its notes, when it has a link for them). */
export function sessionLinks(session: Pick<Session, 'notesUrl'>, language: Language): ScheduleLink[] {
  return session.notesUrl ? [{ url: session.notesUrl, title: NOTES_TITLE[language] }] : [];
}

/**
 * A session's integer id, from its UUID (itself from the event and the session, never from where
 * it runs): the UUID's first 32 bits within 1 … 2^31 − 1, so that apps that keep ids as 32-bit
 * numbers read it. Two sessions of an event share one only by a chance of about n²/2^32 (n
 * sessions: about 1 in 48,000 for a camp of 300).
 */
export function scheduleEventId(guid: string): number {
  return (Number.parseInt(guid.slice(0, 8), 16) % 0x7fffffff) + 1;
}

/** The event's slug as the schema's acronym: "-" as "_", and at least four characters (a 1–3 letter slug gets "_" after it). */
export function scheduleAcronym(slug: string): string {
  return slug.replace(/-/g, '_').padEnd(4, '_');
}

/** "01:45": minutes as hours and minutes. */
function hoursAndMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const greatestCommonDivisor = (a: number, b: number): number => (b === 0 ? a : greatestCommonDivisor(b, a % b));

/** The grid's step for apps that draw one: what every slot's start and length is a multiple of (at most an hour, at least 5 minutes). */
function timeslotDuration(board: Board): string {
  const minutes = board.slots.flatMap((slot) => [minutesOf(slot.start), minutesOf(slot.end) - minutesOf(slot.start)]);
  const step = minutes.reduce((divisor, value) => greatestCommonDivisor(divisor, Math.abs(value)), 0);
  return hoursAndMinutes(Math.min(60, Math.max(5, step || 15)));
}

/** What the server knows beyond the board: the version, its address, and how a name becomes a UUID. */
export interface ScheduleContext {
  /** The board's version: the schedule's `version`, so that apps see every change. */
  version: number;
  /** The server's address without a trailing "/", as links are made. */
  base: string;
  /** A UUID that is always the same for the name and the event ("session/<id>", "room/<id>"), and differs from every other's. */
  uuid: (name: string) => string;
}

/** The board as a c3voc schedule: every placed session (a double session once) in its day and room. */
export function conferenceSchedule(board: Board, { version, base, uuid }: ScheduleContext): ConferenceSchedule {
  const { event } = board;
  const days = [...board.days].sort((a, b) => sortableOrder(a.date, b.date));
  const rooms = orderedRooms(board);
  const rows = calendarRows(board);

  const eventOf = ({ session, place }: PlacedRow): ScheduleEvent => {
    const guid = uuid(`session/${session.id}`);
    const id = scheduleEventId(guid);
    const words = slugWords(session.title, 60);
    return {
      id,
      guid,
      date: zonedDateTimeText(event.timezone, place.date, place.start),
      start: place.start,
      duration: hoursAndMinutes(Math.round((place.endsAt - place.startsAt) / 60_000)),
      room: place.room.name,
      // Unique by the id in it; the title's words only make it readable.
      slug: [event.slug, String(id), words].filter(Boolean).join('-'),
      url: `${base}${eventPaths.session(event.slug, session.id)}`,
      title: session.title,
      subtitle: '',
      track: session.tags[0] ?? null,
      type: SESSION_TYPE,
      language: event.locale,
      abstract: session.description,
      persons: session.host ? [{ name: session.host }] : [],
      links: sessionLinks(session, event.locale),
    };
  };

  const scheduleDays = days.map((day, index): ScheduleDay => {
    const slots = slotsOfDay(board, day.id);
    const byRoom: Record<string, ScheduleEvent[]> = {};
    for (const room of rooms) byRoom[room.name] = [];
    for (const row of rows) if (row.place.dayId === day.id) byRoom[row.place.room.name]!.push(eventOf(row));
    return {
      index: index + 1,
      date: day.date,
      day_start: zonedDateTimeText(event.timezone, day.date, slots[0]?.start ?? '00:00'),
      day_end: zonedDateTimeText(event.timezone, day.date, slots.at(-1)?.end ?? '23:59'),
      rooms: byRoom,
    };
  });

  const tracks = [...new Set(rows.flatMap((row) => row.session.tags.slice(0, 1)))];
  return {
    $schema: SCHEDULE_SCHEMA_URL,
    generator: { name: 'Pitchboard' },
    schedule: {
      version: String(version),
      base_url: `${base}/`,
      conference: {
        acronym: scheduleAcronym(event.slug),
        title: event.title,
        start: days[0]?.date ?? '',
        end: days.at(-1)?.date ?? '',
        daysCount: days.length,
        timeslot_duration: timeslotDuration(board),
        time_zone_name: event.timezone,
        url: `${base}${eventPaths.attendee(event.slug)}`,
        tracks: tracks.map((name) => ({ name })),
        rooms: rooms.map((room) => ({ name: room.name, guid: uuid(`room/${room.id}`), capacity: room.capacity })),
        days: scheduleDays,
      },
    },
  };
}
