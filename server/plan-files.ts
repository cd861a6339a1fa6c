// The plan as files other programs read: iCal feeds for calendars (RFC 5545, written by
// ical-generator), the schedule for conference apps in frab's XML (shared/conference-schedule.ts
// makes it), and the sessions for spreadsheets (shared/session-sheet.ts) as a CSV (RFC 4180,
// written by csv-stringify) and a workbook (written by exceljs).
import { createHash } from 'node:crypto';
import ical, { escape as icalText } from 'ical-generator';
import { stringify } from 'csv-stringify/sync';
import type { Board } from '../shared/board.ts';
import type { ConferenceSchedule, ScheduleEvent } from '../shared/conference-schedule.ts';
import type { Language } from '../shared/language.ts';
import { eventPaths } from '../shared/links.ts';
import { zoneOffsets } from '../shared/schedule.ts';
import type { PlacedRow } from '../shared/plan-rows.ts';
import {
  csvCells,
  csvSafeText,
  csvSeparator,
  SESSION_COLUMNS,
  sessionSheets,
  SHEET_NUMBER_FORMATS,
  sheetHeaders,
  sheetRows,
  type CsvSeparator,
} from '../shared/session-sheet.ts';

/** The description's words, in the event's language. */
const WORDS = {
  de: { hosts: 'Von', myPlan: 'Mein Plan', notes: 'Notizen' },
  en: { hosts: 'Hosted by', myPlan: 'My plan', notes: 'Notes' },
};

/** The name of a phone's own feed: "Barcamp Ruhr – Mein Plan". */
export function myPlanName(board: Board): string {
  return `${board.event.title} – ${WORDS[board.event.locale].myPlan}`;
}

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
    // The notes link in the text: URL is the session's page, and calendars show the text with its links.
    description: [session.host && `${words.hosts}: ${session.host}`, session.description, session.notesUrl && `${words.notes}: ${session.notesUrl}`]
      .filter(Boolean)
      .join('\n\n'),
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

/** The zone a calendar's days lie in: its VTIMEZONE covers the years of these dates. */
export interface CalendarZone {
  timezone: string;
  /** YYYY-MM-DD, the event's days. */
  dates: readonly string[];
}

/** "+0200": an offset in minutes as iCal writes it. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const whole = Math.abs(minutes);
  return `${sign}${String(Math.floor(whole / 60)).padStart(2, '0')}${String(whole % 60).padStart(2, '0')}`;
}

/** "20260329T020000": the wall clock at an instant for a given offset. */
const localText = (at: number, offsetMinutes: number) => new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 19).replace(/[-:]/g, '');

const vtimezones = new Map<string, string>();

/**
 * The zone as a VTIMEZONE (RFC 5545 3.6.5) from the first day of the first date's year to the end
 * of the last's: its offset at the start, then each change, as Node's time zone data has them.
 * A change to the year's largest offset is DAYLIGHT, any other STANDARD.
 */
export function vtimezoneText({ timezone, dates }: CalendarZone): string {
  const years = dates.map((date) => Number(date.slice(0, 4)));
  const [first, last] = [Math.min(...years), Math.max(...years)];
  const key = `${timezone}|${first}|${last}`;
  const known = vtimezones.get(key);
  if (known) return known;
  const { stretches } = zoneOffsets(timezone, Date.UTC(first, 0, 1), Date.UTC(last + 1, 0, 1));
  const largest = Math.max(...stretches.map((stretch) => stretch.offsetMinutes));
  const observances = stretches.map((stretch, index) => {
    const before = index === 0 ? stretch.offsetMinutes : stretches[index - 1]!.offsetMinutes;
    const kind = stretches.length > 1 && stretch.offsetMinutes === largest ? 'DAYLIGHT' : 'STANDARD';
    return [
      `BEGIN:${kind}`,
      // The onset in the wall clock that was in force until then (RFC 5545: "local time" of TZOFFSETFROM).
      `DTSTART:${localText(stretch.from, before)}`,
      `TZOFFSETFROM:${offsetText(before)}`,
      `TZOFFSETTO:${offsetText(stretch.offsetMinutes)}`,
      `END:${kind}`,
    ];
  });
  const text = [`BEGIN:VTIMEZONE`, `TZID:${timezone}`, ...observances.flat(), `END:VTIMEZONE`].map((line) => `${line}\r\n`).join('');
  // A few zones and years per server: kept, but never without bound.
  if (vtimezones.size >= 100) vtimezones.clear();
  vtimezones.set(key, text);
  return text;
}

/**
 * A VCALENDAR of the entries, each with its SEQUENCE; times in UTC, so every calendar shows them in
 * its own zone. It carries the event's zone as a VTIMEZONE: a calendar is valid (RFC 5545 wants one
 * component at least) while it holds no session, as a phone's feed does before its first star.
 */
export function calendarText(name: string, entries: ReadonlyArray<CalendarEntry & { sequence: number }>, zone: CalendarZone): string {
  const calendar = ical({
    // ical-generator writes NAME and X-WR-CALNAME as given: a comma, a semicolon or a backslash in a
    // room's name would cut it short or split it in a calendar app (RFC 5545 3.3.11 escapes them).
    name: icalText(name, false),
    prodId: { company: 'Pitchboard', product: 'Pitchboard', language: 'DE' },
    // Subscribed calendars look again after this many seconds (where they honour it).
    ttl: 15 * 60,
  });
  for (const entry of entries) calendar.createEvent(entry);
  // RFC 5545 ends every line with CRLF, the last one too; ical-generator leaves the last one bare.
  const text = calendar.toString().replace(/(?:\r\n)?$/, '\r\n');
  // ical-generator writes a VTIMEZONE only for a zone its events' times are given in: ours goes
  // before the first component (no property value holds a line break, so this line is the first).
  const firstComponent = /^(?:BEGIN:VEVENT|END:VCALENDAR)\r$/m.exec(text)!.index;
  return `${text.slice(0, firstComponent)}${vtimezoneText(zone)}${text.slice(firstComponent)}`;
}

/** Characters XML 1.0 forbids even as references (controls but tab and line breaks, lone surrogates, U+FFFE/FFFF): left out. */
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A text as XML character data or an attribute value. */
export function xmlText(value: string | number | null): string {
  return String(value ?? '')
    .replace(NOT_IN_XML, '')
    .replace(/[&<>"']/g, (character) => XML_ESCAPES[character]!);
}

/** `<name attributes>children</name>`, or `<name attributes/>` without any. */
function element(name: string, attributes: Record<string, string | number>, ...children: string[]): string {
  const said = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${xmlText(value)}"`)
    .join('');
  return children.length === 0 || children.every((child) => child === '') ? `<${name}${said}/>` : `<${name}${said}>${children.join('')}</${name}>`;
}

function scheduleEventXml(event: ScheduleEvent): string {
  const text = (name: string, value: string | number | null) => element(name, {}, xmlText(value));
  return element(
    'event',
    { guid: event.guid, id: event.id },
    text('date', event.date),
    text('start', event.start),
    text('duration', event.duration),
    text('room', event.room),
    text('slug', event.slug),
    text('url', event.url),
    text('title', event.title),
    text('subtitle', event.subtitle),
    text('track', event.track),
    text('type', event.type),
    text('language', event.language),
    text('abstract', event.abstract),
    element('persons', {}, ...event.persons.map((person) => text('person', person.name))),
    element('links', {}, ...event.links.map((link) => element('link', { href: link.url }, xmlText(link.title)))),
  );
}

/**
 * The schedule in frab's XML (the XSD of the public voc/schedule repository,
 * validator/xsd/schedule.xml.xsd): the same days, rooms and sessions as the c3voc JSON. Each
 * `<room>` carries its `guid` as frab and pretalx write it, though the XSD names only `name`.
 */
export function scheduleXml({ schedule }: ConferenceSchedule): string {
  const { conference } = schedule;
  const text = (name: string, value: string | number) => element(name, {}, xmlText(value));
  const guids = new Map(conference.rooms.map((room) => [room.name, room.guid]));
  const days = conference.days.map((day) =>
    element(
      'day',
      { index: day.index, date: day.date, start: day.day_start, end: day.day_end },
      ...Object.entries(day.rooms).map(([name, events]) => element('room', { name, guid: guids.get(name)! }, ...events.map(scheduleEventXml))),
    ),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(
    'schedule',
    {},
    element('generator', { name: 'Pitchboard' }),
    text('version', schedule.version),
    element(
      'conference',
      {},
      text('acronym', conference.acronym),
      text('title', conference.title),
      text('start', conference.start),
      text('end', conference.end),
      text('days', conference.daysCount),
      text('timeslot_duration', conference.timeslot_duration),
      text('base_url', schedule.base_url),
      text('time_zone_name', conference.time_zone_name),
    ),
    ...days,
  )}\n`;
}

/** Every session (placed or not), one row each, headers in the language; UTF-8 with a byte order mark so that spreadsheets read umlauts right. */
export function sessionsCsv(board: Board, language: Language, separator: CsvSeparator = csvSeparator(language)): string {
  const rows = sheetRows(board, language).map((row) => csvCells(row.values));
  return stringify([sheetHeaders(language).map(csvSafeText), ...rows], { bom: true, delimiter: separator, record_delimiter: 'windows' });
}

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** exceljs takes some hundred milliseconds to load: only when the first workbook is asked for, not at every start. */
let excel: Promise<typeof import('exceljs')> | undefined;
/** exceljs is a CommonJS module: imported from ESM, all of it is the default export. */
const loadExcel = async () => ((await import('exceljs')) as unknown as { default: typeof import('exceljs') }).default;

/** A date and wall-clock time of the plan as the date cell a spreadsheet shows as that day and time (a workbook knows no zones: UTC is its wall clock). */
function cellDate(date: string, time = '00:00'): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hours, minutes] = time.split(':').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day!, hours, minutes));
}

/**
 * The sessions as a workbook (Office Open XML): every session on the first sheet, then a sheet per
 * day. Dates and times are date cells shown in the language's way; every text is a string cell,
 * never a formula, whatever it starts with.
 */
export async function sessionsWorkbook(board: Board, language: Language): Promise<Buffer> {
  excel ??= loadExcel();
  const ExcelJS = await excel;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pitchboard';
  workbook.title = board.event.title;
  const formats = SHEET_NUMBER_FORMATS[language];
  const headers = sheetHeaders(language);
  for (const sheet of sessionSheets(board, language)) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = SESSION_COLUMNS.map((column, index) => ({
      header: headers[index],
      key: column.key,
      width: column.width,
      style: column.kind === 'date' ? { numFmt: formats.date } : column.kind === 'time' ? { numFmt: formats.time } : {},
    }));
    worksheet.getRow(1).font = { bold: true };
    for (const { values } of sheet.rows) {
      worksheet.addRow({
        ...values,
        // A line break in a cell is a line feed (a carriage return would not survive the XML anyway).
        description: values.description.replace(/\r\n?/g, '\n'),
        date: values.date === null ? null : cellDate(values.date),
        start: values.date === null || values.start === null ? null : cellDate(values.date, values.start),
        end: values.date === null || values.end === null ? null : cellDate(values.date, values.end),
      });
    }
    worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: SESSION_COLUMNS.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
