// The sessions as a table for spreadsheets: the one home of its columns, their headers and each
// cell's value in the table's language, for both files that carry it (sessions.csv and
// sessions.xlsx). Pure; server/plan-files.ts writes the table as CSV or as a workbook.
import { plannedInterest, type Board, type SessionWishes } from './board.ts';
import type { Language } from './language.ts';
import { planRows, type PlanRow, type RowStatus } from './plan-rows.ts';

/** What a column holds: a text, a number, a calendar day ("YYYY-MM-DD") or a wall-clock time ("HH:MM") on that day. */
export type ColumnKind = 'text' | 'number' | 'date' | 'time';

/** The columns in their order, as a facilitator reads a plan: what, who, when, where, then the rest. */
export const SESSION_COLUMNS = [
  { key: 'title', kind: 'text', width: 50 },
  { key: 'host', kind: 'text', width: 26 },
  { key: 'date', kind: 'date', width: 12 },
  { key: 'start', kind: 'time', width: 8 },
  { key: 'end', kind: 'time', width: 8 },
  { key: 'room', kind: 'text', width: 30 },
  { key: 'tags', kind: 'text', width: 20 },
  { key: 'interest', kind: 'number', width: 10 },
  { key: 'wishes', kind: 'text', width: 30 },
  { key: 'status', kind: 'text', width: 16 },
  { key: 'description', kind: 'text', width: 60 },
] as const satisfies ReadonlyArray<{ key: string; kind: ColumnKind; width: number }>;

export type ColumnKey = (typeof SESSION_COLUMNS)[number]['key'];

/** A row's values by column: text as it is shown, `null` where a session has no place (no date, no times). */
export interface SheetValues {
  title: string;
  host: string;
  /** YYYY-MM-DD */
  date: string | null;
  /** HH:MM on `date` */
  start: string | null;
  /** HH:MM on `date` */
  end: string | null;
  room: string;
  tags: string;
  interest: number;
  wishes: string;
  status: string;
  description: string;
}

export interface SheetRow {
  sessionId: string;
  /** The day the session runs on; null while it has no place. */
  dayId: string | null;
  values: SheetValues;
}

const WORDS = {
  de: {
    headers: {
      title: 'Titel',
      host: 'Themengeber:in',
      date: 'Datum',
      start: 'Beginn',
      end: 'Ende',
      room: 'Raum',
      tags: 'Schlagworte',
      interest: 'Interesse',
      wishes: 'Wünsche',
      status: 'Status',
      description: 'Beschreibung',
    },
    status: { placed: 'eingeplant', unplaced: 'nicht eingeplant', withdrawn: 'zurückgezogen' },
    wishes: { before_lunch: 'vor der Mittagspause', after_lunch: 'nach der Mittagspause', leaveBy: 'muss um {time} gehen', projector: 'braucht einen Beamer' },
    allSessions: 'Alle Sessions',
    weekdays: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
    months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
    day: (weekday: string, day: number, month: string, year: string) => `${weekday}, ${day}. ${month} ${year}`,
  },
  en: {
    headers: {
      title: 'Title',
      host: 'Host',
      date: 'Date',
      start: 'Start',
      end: 'End',
      room: 'Room',
      tags: 'Tags',
      interest: 'Interest',
      wishes: 'Wishes',
      status: 'Status',
      description: 'Description',
    },
    status: { placed: 'placed', unplaced: 'not placed', withdrawn: 'withdrawn' },
    wishes: { before_lunch: 'before lunch', after_lunch: 'after lunch', leaveBy: 'has to leave at {time}', projector: 'needs a projector' },
    allSessions: 'All sessions',
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    day: (weekday: string, day: number, month: string, year: string) => `${weekday}, ${day} ${month} ${year}`,
  },
} satisfies Record<Language, { headers: Record<ColumnKey, string>; status: Record<RowStatus, string>; [more: string]: unknown }>;

/**
 * How a spreadsheet program shows the date and time cells of the workbook (Excel's format codes):
 * as German writes them, and for English the ISO date, which no reader takes for another day.
 */
export const SHEET_NUMBER_FORMATS: Record<Language, { date: string; time: string }> = {
  de: { date: 'dd.mm.yyyy', time: 'hh:mm' },
  en: { date: 'yyyy-mm-dd', time: 'hh:mm' },
};

/** The header row in the language. */
export function sheetHeaders(language: Language): string[] {
  return SESSION_COLUMNS.map((column) => WORDS[language].headers[column.key]);
}

/** A giver's wishes in words ("vor der Mittagspause; braucht einen Beamer"); empty when there are none. */
export function wishesText(wishes: SessionWishes, language: Language): string {
  const words = WORDS[language].wishes;
  return [
    wishes.timing === 'any' ? '' : words[wishes.timing],
    wishes.leaveBy ? words.leaveBy.replace('{time}', wishes.leaveBy) : '',
    wishes.needsProjector ? words.projector : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function sheetRow(row: PlanRow, dayId: string | null, language: Language): SheetRow {
  const { session, place, status } = row;
  return {
    sessionId: session.id,
    dayId,
    values: {
      title: session.title,
      host: session.host,
      date: place?.date ?? null,
      start: place?.start ?? null,
      end: place?.end ?? null,
      room: place?.room.name ?? '',
      tags: session.tags.join(', '),
      interest: plannedInterest(session),
      wishes: wishesText(session.wishes, language),
      status: WORDS[language].status[status],
      description: session.description,
    },
  };
}

/** Every session (placed or not), one row each: the placed ones in time order, then the others as they came in. */
export function sheetRows(board: Board, language: Language): SheetRow[] {
  return planRows(board).map((row) => sheetRow(row, row.place?.dayId ?? null, language));
}

/** A day as the language writes it: "Samstag, 9. Mai 2026", "Saturday, 9 May 2026". */
export function dayName(date: string, language: Language): string {
  const [year, month, day] = date.split('-');
  const at = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const words = WORDS[language];
  return words.day(words.weekdays[at.getUTCDay()]!, at.getUTCDate(), words.months[at.getUTCMonth()]!, year!);
}

/** Excel's rules for a sheet's name: at most 31 characters, none of \ / ? * [ ] :, no apostrophe at either end. */
export const SHEET_NAME_MAX_LENGTH = 31;

/** A name Excel takes for a sheet, as close to the one wanted as the rules allow. */
export function sheetName(wanted: string): string {
  const name = [...wanted.replace(/[\\/?*[\]:]/g, ' ').replace(/\s+/g, ' ')].slice(0, SHEET_NAME_MAX_LENGTH).join('');
  const trimmed = name.replace(/^[\s']+|[\s']+$/g, '');
  return trimmed || 'Sheet';
}

/** Names for sheets, each taken by sheetName's rules and told apart as Excel does (ignoring case) by a number where two would be the same. */
export function uniqueSheetNames(wanted: readonly string[]): string[] {
  const taken = new Set<string>();
  return wanted.map((want) => {
    const base = sheetName(want);
    let name = base;
    for (let n = 2; taken.has(name.toLocaleLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${[...base]
        .slice(0, SHEET_NAME_MAX_LENGTH - suffix.length)
        .join('')
        .trimEnd()}${suffix}`;
    }
    taken.add(name.toLocaleLowerCase());
    return name;
  });
}

export interface SessionSheet {
  /** The sheet's name in the workbook. */
  name: string;
  rows: SheetRow[];
}

/**
 * The workbook's sheets: every session first ("Alle Sessions"), then one sheet per day with the
 * sessions placed on it, in time order. A day without sessions still has its sheet (headers only).
 */
export function sessionSheets(board: Board, language: Language): SessionSheet[] {
  const rows = sheetRows(board, language);
  const days = [...board.days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const names = uniqueSheetNames([WORDS[language].allSessions, ...days.map((day) => dayName(day.date, language))]);
  return [{ name: names[0]!, rows }, ...days.map((day, index) => ({ name: names[index + 1]!, rows: rows.filter((row) => row.dayId === day.id) }))];
}

/** The separators a CSV may be asked for (`?sep=`). */
export const CSV_SEPARATORS = [',', ';'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

/** The separator a spreadsheet program in the language expects: German Excel splits at semicolons (the comma is the decimal sign). */
export function csvSeparator(language: Language): CsvSeparator {
  return language === 'de' ? ';' : ',';
}

/** The first characters that make a spreadsheet program read a cell as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text for a CSV cell that no spreadsheet program runs as a formula: one that starts like one gets an apostrophe before it. */
export function csvSafeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A row's cells as CSV texts: dates and times as the board holds them, texts made safe, nothing for a missing value. */
export function csvCells(values: SheetValues): string[] {
  return SESSION_COLUMNS.map(({ key }) => {
    const value = values[key];
    if (value === null) return '';
    return typeof value === 'number' ? String(value) : csvSafeText(value);
  });
}
