// The sessions as a table for spreadsheets (shared/session-sheet.ts): columns and headers in both
// languages, each row's values, the sheets of a workbook and their names, the CSV's separator and
// its guard against formulas.
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import type { Board } from '../../shared/board.ts';
import {
  csvCells,
  csvSafeText,
  csvSeparator,
  dayName,
  SESSION_COLUMNS,
  sessionSheets,
  SHEET_NAME_MAX_LENGTH,
  sheetHeaders,
  sheetName,
  sheetRows,
  uniqueSheetNames,
  wishesText,
} from '../../shared/session-sheet.ts';
import { sampleBoard, session } from '../fixtures/board.ts';

/** The sample board with a second day, a double session, a giver's wishes and tags. */
function twoDays(): Board {
  const board = sampleBoard();
  board.days.push({ id: 'd2', date: '2026-05-10', label: '' });
  board.slots.push({ id: 'u1', dayId: 'd2', start: '09:00', end: '09:45', kind: 'session', label: '' });
  board.sessions.push(
    session('s4', {
      title: 'Am Sonntag',
      tags: ['KI', 'Daten'],
      interest: null,
      taps: 7,
      wishes: { timing: 'before_lunch', leaveBy: '11:30', needsProjector: true },
    }),
  );
  return applyAll(board, [
    { type: 'session.placed', sessionId: 's4', roomId: 'rA', slotId: 'u1' },
    { type: 'session.placed', sessionId: 's1', roomId: 'rB', slotId: 't1' },
    { type: 'session.extended', sessionId: 's1', roomId: 'rB', slotId: 't2' },
  ]);
}

describe('the columns', () => {
  it('have a header in each language, in the one order of the columns', () => {
    expect(sheetHeaders('de')).toEqual([
      'Titel',
      'Themengeber:in',
      'Datum',
      'Beginn',
      'Ende',
      'Raum',
      'Schlagworte',
      'Interesse',
      'Wünsche',
      'Status',
      'Beschreibung',
    ]);
    expect(sheetHeaders('en')).toEqual(['Title', 'Host', 'Date', 'Start', 'End', 'Room', 'Tags', 'Interest', 'Wishes', 'Status', 'Description']);
    expect(SESSION_COLUMNS.map((column) => column.kind)).toEqual(['text', 'text', 'date', 'time', 'time', 'text', 'text', 'number', 'text', 'text', 'text']);
  });
});

describe('the rows', () => {
  it('hold every session: placed ones with day, date, times and room, a double session over both slots, then the others', () => {
    const rows = sheetRows(twoDays(), 'de');
    expect(rows.map((row) => [row.sessionId, row.dayId, row.values.date, row.values.start, row.values.end, row.values.room, row.values.status])).toEqual([
      ['s1', 'd1', '2026-05-09', '10:00', '13:45', 'Room B', 'eingeplant'],
      ['s4', 'd2', '2026-05-10', '09:00', '09:45', 'Room A', 'eingeplant'],
      ['s2', null, null, null, null, '', 'nicht eingeplant'],
      ['s3', null, null, null, null, '', 'nicht eingeplant'],
      ['sW', null, null, null, null, '', 'zurückgezogen'],
    ]);
    expect(sheetRows(twoDays(), 'en').map((row) => row.values.status)).toEqual(['placed', 'placed', 'not placed', 'not placed', 'withdrawn']);
  });

  it('say the texts as they are, the tags with commas, the interest planned with (the phones’ taps while no hands are counted) and the wishes in words', () => {
    const [, sunday] = sheetRows(twoDays(), 'de');
    expect(sunday!.values).toEqual({
      title: 'Am Sonntag',
      host: 'Host s4',
      date: '2026-05-10',
      start: '09:00',
      end: '09:45',
      room: 'Room A',
      tags: 'KI, Daten',
      interest: 7,
      wishes: 'vor der Mittagspause; muss um 11:30 gehen; braucht einen Beamer',
      status: 'eingeplant',
      description: '',
    });
    expect(sheetRows(twoDays(), 'en')[1]!.values.wishes).toBe('before lunch; has to leave at 11:30; needs a projector');
  });

  it('name each wish alone, and none when there are none', () => {
    expect(wishesText({ timing: 'any', leaveBy: null, needsProjector: false }, 'de')).toBe('');
    expect(wishesText({ timing: 'after_lunch', leaveBy: null, needsProjector: false }, 'de')).toBe('nach der Mittagspause');
    expect(wishesText({ timing: 'after_lunch', leaveBy: null, needsProjector: false }, 'en')).toBe('after lunch');
    expect(wishesText({ timing: 'any', leaveBy: '15:00', needsProjector: false }, 'en')).toBe('has to leave at 15:00');
    expect(wishesText({ timing: 'any', leaveBy: null, needsProjector: true }, 'de')).toBe('braucht einen Beamer');
  });
});

describe('the sheets of a workbook', () => {
  it('are every session first, then each day in date order with the sessions placed on it', () => {
    const board = twoDays();
    // Days kept out of order: the sheets still follow the calendar.
    board.days.reverse();
    const sheets = sessionSheets(board, 'de');
    expect(sheets.map((sheet) => [sheet.name, sheet.rows.map((row) => row.sessionId)])).toEqual([
      ['Alle Sessions', ['s1', 's4', 's2', 's3', 'sW']],
      ['Samstag, 9. Mai 2026', ['s1']],
      ['Sonntag, 10. Mai 2026', ['s4']],
    ]);
    expect(sessionSheets(board, 'en').map((sheet) => sheet.name)).toEqual(['All sessions', 'Saturday, 9 May 2026', 'Sunday, 10 May 2026']);
  });

  it('keep a day without sessions, with no rows', () => {
    const board = sampleBoard();
    expect(sessionSheets(board, 'de').map((sheet) => [sheet.name, sheet.rows.length])).toEqual([
      ['Alle Sessions', 4],
      ['Samstag, 9. Mai 2026', 0],
    ]);
  });

  it('name a day by its date in the language, within Excel’s 31 characters however long the day’s words', () => {
    expect(dayName('2026-05-09', 'de')).toBe('Samstag, 9. Mai 2026');
    expect(dayName('2028-02-29', 'de')).toBe('Dienstag, 29. Februar 2028');
    expect(dayName('2027-12-31', 'en')).toBe('Friday, 31 December 2027');
    expect(dayName('2026-01-01', 'en')).toBe('Thursday, 1 January 2026');
    // The longest weekday with the longest month, in both languages.
    const longest = [dayName('2027-09-30', 'de'), dayName('2026-09-30', 'en')];
    expect(longest).toEqual(['Donnerstag, 30. September 2027', 'Wednesday, 30 September 2026']);
    for (const name of longest) expect(sheetName(name)).toBe(name);
  });
});

describe('a sheet’s name', () => {
  it('keeps none of the characters Excel forbids, at most 31 characters, no apostrophe at either end', () => {
    expect(sheetName('Tag 1: [Haupt]/Neben\\Raum?*')).toBe('Tag 1 Haupt Neben Raum');
    expect(sheetName('x'.repeat(40))).toHaveLength(SHEET_NAME_MAX_LENGTH);
    // Counted in characters, not UTF-16 units: an emoji is not cut in half.
    expect([...sheetName(`${'ä'.repeat(30)}😀x`)]).toHaveLength(31);
    expect(sheetName(`${'ä'.repeat(30)}😀x`).endsWith('😀')).toBe(true);
    expect(sheetName("'Zitat'")).toBe('Zitat');
    expect(sheetName('::')).toBe('Sheet');
  });

  it('is told apart from one before it that is the same but for case, within 31 characters', () => {
    expect(uniqueSheetNames(['Alle Sessions', 'alle sessions', 'Alle Sessions'])).toEqual(['Alle Sessions', 'alle sessions (2)', 'Alle Sessions (3)']);
    const long = 'L'.repeat(31);
    const [first, second] = uniqueSheetNames([long, long]);
    expect(first).toBe(long);
    expect(second).toBe(`${'L'.repeat(27)} (2)`);
    expect(second).toHaveLength(31);
  });
});

describe('the CSV’s cells', () => {
  it('are separated as the language’s spreadsheets expect: semicolons in German, commas in English', () => {
    expect(csvSeparator('de')).toBe(';');
    expect(csvSeparator('en')).toBe(',');
  });

  it('put an apostrophe before a text that starts with =, +, -, @, a tab or a carriage return, and before no other', () => {
    for (const text of ['=1+1', '=HYPERLINK("http://x","y")', '+49 201', '-5', '@SUM(A1)', '\tEingerückt', '\rZeile']) {
      expect(csvSafeText(text)).toBe(`'${text}`);
    }
    for (const text of ['', 'Rechnen: 1+1=2', ' =nicht am Anfang', "'schon geschützt", '10:00', 'Ümlaut', '\nZeile']) {
      expect(csvSafeText(text)).toBe(text);
    }
  });

  it('are the row’s values in the columns’ order: texts made safe, numbers as digits, nothing for a missing date or time', () => {
    const [, , unplaced] = sheetRows(twoDays(), 'de');
    expect(csvCells({ ...unplaced!.values, title: '=böse()', tags: '@alle', interest: 12 })).toEqual([
      "'=böse()",
      'Host s2',
      '',
      '',
      '',
      '',
      "'@alle",
      '12',
      '',
      'nicht eingeplant',
      '',
    ]);
  });
});
