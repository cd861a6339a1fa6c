// The plan taken elsewhere: iCal feeds read back by a real iCal parser (ical.js) and compared to
// the board, the CSV read back by a CSV parser and the workbook by exceljs.
import { randomBytes } from 'node:crypto';
import ICAL from 'ical.js';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { STARRED_MAX_LENGTH } from '../../server/routes/plan-files.ts';
import { wallClock } from '../../shared/schedule.ts';
import { calendarRows } from '../../shared/plan-rows.ts';
import { createEvent } from '../../server/create-event.ts';
import { seedBigCamp } from '../fixtures/big-camp.ts';
import { STAR_FEED_LIMITS } from '../../shared/star-feed.ts';
import { capturedLog, fetchBoard, TEST_EVENT, type TestClient } from '../helpers/server.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';
import type { ConferenceSchedule } from '../../shared/conference-schedule.ts';
import { child, childrenNamed, jsonScheduleProblems, parseXml, xmlScheduleProblems } from '../helpers/conference-schedules.ts';

const log = capturedLog();
const file = serverPerFile({ logger: log.logger });
let server: EventOnServer;
let boss: TestClient;
beforeEach(async () => {
  server = file.server;
  boss = await file.client(server.key);
});

const board = (): Board => boss.snapshot.board;
const api = (path: string) => `${server.url}/api/events/${server.slug}${path}`;

interface Entry {
  uid: string;
  summary: string;
  location: string;
  description: string;
  url: string;
  sequence: number;
  start: Date;
  end: Date;
}

async function feed(path: string): Promise<{ name: string; entries: Entry[]; text: string; type: string | null }> {
  const response = await fetch(api(path));
  expect(response.status).toBe(200);
  const text = await response.text();
  const calendar = new ICAL.Component(ICAL.parse(text));
  const entries = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      url: String(vevent.getFirstPropertyValue('url')),
      sequence: event.sequence,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), entries, text, type: response.headers.get('content-type') };
}

/** The wall-clock date and time of an instant in the event's zone. */
const inZone = (at: Date) => wallClock(board().event.timezone, at.getTime());

async function place(sessionIndex: number, roomIndex: number, slotIndex: number) {
  const { sessions, rooms, slots } = board();
  const result = await boss.send('session:place', { sessionId: sessions[sessionIndex]!.id, roomId: rooms[roomIndex]!.id, slotId: slots[slotIndex]!.id });
  expect(result.ok).toBe(true);
}

describe('calendar feeds', () => {
  it('has one entry per placed session, a double session once over both slots, in the event’s zone, with no secret in it', async () => {
    await place(0, 0, 0);
    await place(1, 1, 0);
    await place(2, 2, 1);
    const [first, second, third] = board().sessions;
    expect((await boss.send('session:extend', { sessionId: first!.id })).ok).toBe(true);
    expect((await boss.send('session:update', { sessionId: second!.id, revision: second!.revision, description: 'Mit Folien.\nUnd Fragen.' })).ok).toBe(true);
    expect((await boss.send('session:withdraw', { sessionId: third!.id })).ok).toBe(true);
    const { entries, text, type, name } = await feed('/plan.ics');
    expect(type).toBe('text/calendar; charset=utf-8');
    expect(name).toBe('Testcamp');
    expect(entries.map((e) => e.summary)).toEqual(['Erste Session', 'Zweite Session']);
    const [double, single] = entries;
    // 10:00–11:45 in Raum A: both slots, one entry; Europe/Berlin in May is UTC+2.
    expect(double!.start.toISOString()).toBe('2026-05-09T08:00:00.000Z');
    expect(inZone(double!.start)).toEqual({ date: '2026-05-09', time: '10:00' });
    expect(inZone(double!.end)).toEqual({ date: '2026-05-09', time: '11:45' });
    expect(double!.location).toBe('Raum A');
    expect(double!.description).toContain('Anna');
    expect(single).toMatchObject({ location: 'Raum B', description: 'Von: Ben\n\nMit Folien.\nUnd Fragen.' });
    expect(inZone(single!.end)).toEqual({ date: '2026-05-09', time: '10:45' });
    expect(double!.url).toBe(`${server.url}/e/${server.slug}#session=${first!.id}`);
    expect(new Set(entries.map((e) => e.uid)).size).toBe(2);
    expect(text).not.toContain(server.key);
    // A giver's token is no more in a feed than in a snapshot.
    const submitted = await boss.send('session:submit', { title: 'Mit Token', host: 'Ida' });
    const { token, sessionId } = (submitted as { data: { token: string; sessionId: string } }).data;
    await boss.send('session:place', { sessionId, roomId: board().rooms[2]!.id, slotId: board().slots[3]!.id });
    const later = await feed('/plan.ics');
    expect(later.entries.map((e) => e.summary)).toContain('Mit Token');
    expect(later.text).not.toContain(token);
    // No description: the hosts alone; entered without a host either: nothing at all.
    expect(later.entries.find((e) => e.summary === 'Mit Token')!.description).toBe('Von: Ida');
    const nameless = (await boss.send('session:submit', { title: 'Ohne Namen', tags: ['KI', 'Daten'] })) as { data: { sessionId: string } };
    await boss.send('session:place', { sessionId: nameless.data.sessionId, roomId: board().rooms[1]!.id, slotId: board().slots[3]!.id });
    const withNameless = await feed('/plan.ics');
    expect(withNameless.entries.find((e) => e.summary === 'Ohne Namen')!.description ?? '').toBe('');
    // Its tags as categories; calendars are asked to look again every 15 minutes.
    expect(withNameless.text).toContain('CATEGORIES:KI,Daten');
    expect(withNameless.text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT15M');
  });

  it('keeps each entry’s UID across fetches and moves, and raises its SEQUENCE only when the entry changes', async () => {
    await place(0, 0, 0);
    await place(1, 1, 0);
    const [first, second] = board().sessions;
    const before = await feed('/plan.ics');
    expect(before.entries.map((e) => e.sequence)).toEqual([0, 0]);
    expect((await feed('/plan.ics')).entries).toEqual(before.entries);

    // Moved to another slot: same UID, SEQUENCE 1, the new time; the other entry stays at 0.
    expect((await boss.send('session:place', { sessionId: first!.id, roomId: board().rooms[0]!.id, slotId: board().slots[1]!.id })).ok).toBe(true);
    const moved = await feed('/plan.ics');
    const entryOf = (entries: Entry[], title: string) => entries.find((e) => e.summary === title)!;
    expect(entryOf(moved.entries, 'Erste Session')).toMatchObject({ uid: entryOf(before.entries, 'Erste Session').uid, sequence: 1 });
    expect(inZone(entryOf(moved.entries, 'Erste Session').start).time).toBe('11:00');
    expect(entryOf(moved.entries, 'Zweite Session').sequence).toBe(0);

    // A renamed room changes what its entries say; a retitled session too.
    expect((await boss.send('room:update', { roomId: board().rooms[1]!.id, name: 'Raum Blau' })).ok).toBe(true);
    expect((await boss.send('session:update', { sessionId: first!.id, revision: first!.revision, title: 'Erste Session, neu' })).ok).toBe(true);
    const changed = await feed('/plan.ics');
    expect(entryOf(changed.entries, 'Zweite Session')).toMatchObject({
      location: 'Raum Blau',
      sequence: 1,
      uid: entryOf(before.entries, 'Zweite Session').uid,
    });
    expect(entryOf(changed.entries, 'Erste Session, neu')).toMatchObject({ sequence: 2, uid: entryOf(before.entries, 'Erste Session').uid });
    expect(second).toBeDefined();
  });

  it('gives a room its own feed, a session its own, and a phone its starred sessions', async () => {
    await place(0, 0, 0);
    await place(1, 1, 0);
    await place(2, 0, 1);
    const { rooms, sessions } = board();
    const roomFeed = await feed(`/rooms/${rooms[0]!.id}.ics`);
    expect(roomFeed.name).toBe('Testcamp – Raum A');
    expect(roomFeed.entries.map((e) => e.summary)).toEqual(['Erste Session', 'Dritte Session']);
    expect((await feed(`/rooms/${rooms[2]!.id}.ics`)).entries).toEqual([]);

    const sessionFeed = await feed(`/sessions/${sessions[1]!.id}.ics`);
    expect(sessionFeed.entries.map((e) => e.summary)).toEqual(['Zweite Session']);
    // The same entry as in the whole plan.
    expect(sessionFeed.entries[0]).toEqual((await feed('/plan.ics')).entries.find((e) => e.summary === 'Zweite Session'));

    const starred = await feed(`/plan.ics?sessions=${sessions[2]!.id},s_unknown,${sessions[0]!.id}`);
    expect(starred.entries.map((e) => e.summary)).toEqual(['Erste Session', 'Dritte Session']);

    // Taken out of the plan: the session's feed stays, empty.
    await boss.send('session:unplace', { sessionId: sessions[1]!.id });
    expect((await feed(`/sessions/${sessions[1]!.id}.ics`)).entries).toEqual([]);
  });

  it('says not_found for an unknown event, room or session, and answers HEAD like GET', async () => {
    const logged = log.lines.length;
    for (const [path, message] of [
      ['/api/events/nope/plan.ics', 'There is no event "nope".'],
      ['/api/events/nope/rooms/r_nope.ics', 'There is no event "nope".'],
      ['/api/events/nope/sessions/s_nope.ics', 'There is no event "nope".'],
      ['/api/events/nope/sessions.csv', 'There is no event "nope".'],
      ['/api/events/nope/sessions.xlsx', 'There is no event "nope".'],
      [`/api/events/${server.slug}/rooms/r_nope.ics`, 'There is no room "r_nope" in this event.'],
      [`/api/events/${server.slug}/sessions/s_nope.ics`, 'There is no session "s_nope" in this event.'],
    ]) {
      const response = await fetch(`${server.url}${path}`);
      const body = await response.json();
      expect({ path, status: response.status, body }).toEqual({
        path,
        status: 404,
        body: { error: { code: 'not_found', reason: 'no_such', message, field: body.error.field } },
      });
      expect(['event', 'roomId', 'sessionId']).toContain(body.error.field);
    }
    // Asked for what is not there is no fault of the server: nothing in its log.
    expect(log.lines.slice(logged).filter((line) => line.level >= 40)).toEqual([]);
    const head = await fetch(api('/plan.ics'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const tooLong = await fetch(api(`/plan.ics?sessions=${'x'.repeat(STARRED_MAX_LENGTH + 1)}`));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ error: { code: 'invalid' } });
  });
});

describe('every plan file', () => {
  it('has its name, and is asked for again each time (calendars and spreadsheets never keep an old plan)', async () => {
    await place(0, 0, 0);
    const { rooms, sessions } = board();
    const slug = server.slug;
    for (const [path, disposition, type] of [
      ['/plan.ics', `inline; filename="${slug}.ics"`, 'text/calendar; charset=utf-8'],
      [`/rooms/${rooms[0]!.id}.ics`, `inline; filename="${slug}-${rooms[0]!.id}.ics"`, 'text/calendar; charset=utf-8'],
      [`/sessions/${sessions[0]!.id}.ics`, `inline; filename="${slug}-${sessions[0]!.id}.ics"`, 'text/calendar; charset=utf-8'],
      ['/sessions.csv', `attachment; filename="${slug}-sessions.csv"`, 'text/csv; charset=utf-8; header=present'],
      ['/sessions.xlsx', `attachment; filename="${slug}-sessions.xlsx"`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]) {
      const response = await fetch(api(path!));
      expect({ path, status: response.status, disposition: response.headers.get('content-disposition'), type: response.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        disposition,
        type,
      });
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
    }
    // The export holds what only the facilitator sees: no cache keeps it.
    const exported = await fetch(api('/export.json'), { headers: { authorization: `Bearer ${server.key}` } });
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="${slug}.json"`);
    expect(exported.headers.get('cache-control')).toBe('no-store');
  });

  it('takes a phone’s stars with spaces and empty places between them', async () => {
    await place(0, 0, 0);
    await place(1, 1, 0);
    const { sessions } = board();
    const starred = await feed(`/plan.ics?sessions=${encodeURIComponent(` ${sessions[1]!.id} ,, `)}`);
    expect(starred.entries.map((e) => e.summary)).toEqual(['Zweite Session']);
    // An empty list is an empty calendar; no list at all, the whole plan.
    expect((await feed('/plan.ics?sessions=')).entries).toEqual([]);
    expect((await feed('/plan.ics')).entries.map((e) => e.summary)).toEqual(['Erste Session', 'Zweite Session']);
  });
});

/** A session's texts changed by the facilitator; fails the test if refused. */
async function retitle(index: number, texts: { title?: string; host?: string; description?: string; tags?: string[] }) {
  const session = board().sessions[index]!;
  const result = await boss.send('session:update', { sessionId: session.id, revision: session.revision, ...texts });
  expect(result).toMatchObject({ ok: true });
}

async function csv(query = ''): Promise<{ text: string; bytes: Uint8Array; response: Response }> {
  const response = await fetch(api(`/sessions.csv${query}`));
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), bytes, response };
}

const csvRows = (text: string, delimiter: string) => parse(text, { bom: true, columns: true, delimiter }) as Array<Record<string, string>>;

describe('the CSV of every session', () => {
  it('has every session, placed or not, in German with semicolons for a German event, and keeps commas, quotes, newlines and umlauts whole', async () => {
    await place(0, 1, 0);
    const [, second] = board().sessions;
    const title = 'Kommas, "Anführungszeichen"; Semikolons und Ümläute';
    await retitle(0, { title, description: 'Zeile eins\nZeile zwei, mit Komma', tags: ['KI', 'Verwaltung'] });
    await boss.send('session:withdraw', { sessionId: second!.id });
    const { text, bytes, response } = await csv();
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    // The byte order mark that tells spreadsheet programs it is UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1).split('\r\n')[0]).toBe('Titel;Themengeber:in;Datum;Beginn;Ende;Raum;Schlagworte;Interesse;Wünsche;Status;Beschreibung');
    const rows = csvRows(text, ';');
    expect(rows).toHaveLength(board().sessions.length);
    expect(rows[0]).toEqual({
      Titel: title,
      'Themengeber:in': 'Anna',
      Datum: '2026-05-09',
      Beginn: '10:00',
      Ende: '10:45',
      Raum: 'Raum B',
      Schlagworte: 'KI, Verwaltung',
      Interesse: '0',
      Wünsche: '',
      Status: 'eingeplant',
      Beschreibung: 'Zeile eins\nZeile zwei, mit Komma',
    });
    expect(rows.map((row) => row.Status)).toEqual(['eingeplant', 'zurückgezogen', 'nicht eingeplant']);
    expect(rows[1]).toMatchObject({ Titel: 'Zweite Session', Raum: '', Datum: '', Beginn: '', Ende: '' });
    expect((await fetch(`${server.url}/api/events/nope/sessions.csv`)).status).toBe(404);
  });

  it('is in English with commas for an English event, and either language with either separator when asked', async () => {
    const english = await createEvent(server.store, { ...TEST_EVENT, slug: `${server.slug}-en`, locale: 'en' });
    const englishCsv = await fetch(`${server.url}/api/events/${english.slug}/sessions.csv`);
    const englishText = await englishCsv.text();
    expect(englishText.split('\r\n')[0]).toBe('Title,Host,Date,Start,End,Room,Tags,Interest,Wishes,Status,Description');
    expect(csvRows(englishText, ',').map((row) => [row.Title, row.Status])).toEqual([
      ['Erste Session', 'not placed'],
      ['Zweite Session', 'not placed'],
      ['Dritte Session', 'not placed'],
    ]);

    // The German event in English: commas; a separator asked for wins over the language's.
    expect((await csv('?lang=en')).text.split('\r\n')[0]).toBe('\ufeffTitle,Host,Date,Start,End,Room,Tags,Interest,Wishes,Status,Description');
    expect((await csv('?lang=en&sep=;')).text.split('\r\n')[0]).toBe('\ufeffTitle;Host;Date;Start;End;Room;Tags;Interest;Wishes;Status;Description');
    expect((await csv('?sep=,')).text.split('\r\n')[0]).toBe(
      '\ufeffTitel,Themengeber:in,Datum,Beginn,Ende,Raum,Schlagworte,Interesse,Wünsche,Status,Beschreibung',
    );
    expect((await csv(`?sep=${encodeURIComponent(';')}&lang=de`)).text.split('\r\n')[0]).toMatch(/^\ufeffTitel;Themengeber:in;/);
  });

  it('refuses a separator or a language it does not know, saying which it takes', async () => {
    for (const [query, message] of [
      ['?sep=x', 'Invalid sep: must be "," or ";" (the character between cells).'],
      ['?sep=%09', 'Invalid sep: must be "," or ";" (the character between cells).'],
      ['?sep=', 'Invalid sep: must be "," or ";" (the character between cells).'],
      ['?sep=,,', 'Invalid sep: must be "," or ";" (the character between cells).'],
      ['?lang=fr', 'Invalid lang: must be "de" or "en".'],
      ['?lang=DE', 'Invalid lang: must be "de" or "en".'],
    ]) {
      const response = await fetch(api(`/sessions.csv${query}`));
      expect({ query, status: response.status, body: await response.json() }).toEqual({
        query,
        status: 400,
        body: { error: { code: 'invalid', reason: 'bad_format', message, field: query!.slice(1, query!.indexOf('=')) } },
      });
    }
  });

  it('puts an apostrophe before every cell that a spreadsheet would run as a formula (OWASP), and before no other', async () => {
    await place(0, 0, 0);
    await retitle(0, { title: '=HYPERLINK("http://evil.example","Klick")', host: '+49 201 123', description: '-1+1 und mehr', tags: ['@alle', 'KI'] });
    await retitle(1, { title: '@home arbeiten', host: '-Ben-', description: '=1+1' });
    // (A tab or carriage return at the start of a text is trimmed on the way in: tests/unit/session-sheet.test.ts has them.)
    await retitle(2, { title: 'Rechnen: 1+1=2', host: 'Cem', description: 'Mittendrin = kein Problem' });
    const text = (await csv()).text;
    const rows = csvRows(text, ';');
    expect(rows.map((row) => [row.Titel, row['Themengeber:in'], row.Beschreibung, row.Schlagworte])).toEqual([
      [`'=HYPERLINK("http://evil.example","Klick")`, `'+49 201 123`, `'-1+1 und mehr`, `'@alle, KI`],
      [`'@home arbeiten`, `'-Ben-`, `'=1+1`, ''],
      ['Rechnen: 1+1=2', 'Cem', 'Mittendrin = kein Problem', ''],
    ]);
    // In English with commas alike.
    expect(csvRows((await csv('?lang=en')).text, ',')[0]!.Title).toBe(`'=HYPERLINK("http://evil.example","Klick")`);
    // No line of the file starts a cell with a formula's first character unguarded.
    const cells = text
      .slice(1)
      .split('\r\n')
      .flatMap((line) => line.split(';'))
      .map((cell) => cell.replace(/^"/, ''));
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });

  it('names a giver’s wishes in the language', async () => {
    const submitted = (await boss.send('session:submit', {
      title: 'Mit Wünschen',
      host: 'Ida',
      wishes: { timing: 'after_lunch', leaveBy: '15:00', needsProjector: true },
    })) as { ok: boolean };
    expect(submitted.ok).toBe(true);
    expect(csvRows((await csv()).text, ';').find((row) => row.Titel === 'Mit Wünschen')!.Wünsche).toBe(
      'nach der Mittagspause; muss um 15:00 gehen; braucht einen Beamer',
    );
    expect(csvRows((await csv('?lang=en')).text, ',').find((row) => row.Title === 'Mit Wünschen')!.Wishes).toBe(
      'after lunch; has to leave at 15:00; needs a projector',
    );
  });
});

/** A workbook read back with exceljs, as a spreadsheet program would read it. */
async function workbook(path: string): Promise<{ book: ExcelJS.Workbook; response: Response }> {
  const response = await fetch(path);
  expect(response.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  return { book, response };
}

/** A sheet's rows as the cells' values, the header row first. */
const sheetValues = (sheet: ExcelJS.Worksheet) =>
  sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row.slice(1).map((value) => value ?? null)] : []));

describe('the workbook of every session', () => {
  it('has every session on its first sheet and each day’s on a sheet named by the date, in German for a German event', async () => {
    await place(0, 1, 0);
    await place(1, 0, 1);
    await retitle(1, { title: '=HYPERLINK("http://evil.example","Klick")', host: '+49 201', tags: ['@alle'] });
    const { book, response } = await workbook(api('/sessions.xlsx'));
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${server.slug}-sessions.xlsx"`);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Alle Sessions', 'Samstag, 9. Mai 2026']);

    const [all, saturday] = book.worksheets;
    const headers = ['Titel', 'Themengeber:in', 'Datum', 'Beginn', 'Ende', 'Raum', 'Schlagworte', 'Interesse', 'Wünsche', 'Status', 'Beschreibung'];
    expect(sheetValues(all!)[0]).toEqual(headers);
    expect(sheetValues(saturday!)[0]).toEqual(headers);
    expect(
      sheetValues(all!)
        .slice(1)
        .map((row) => [row[0], row[9]]),
    ).toEqual([
      ['Erste Session', 'eingeplant'],
      ['=HYPERLINK("http://evil.example","Klick")', 'eingeplant'],
      ['Dritte Session', 'nicht eingeplant'],
    ]);
    expect(
      sheetValues(saturday!)
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(['Erste Session', '=HYPERLINK("http://evil.example","Klick")']);

    // Dates and times are date cells, shown as German writes them; the wall clock of the plan is the cell's.
    const [date, start, end] = ['C2', 'D2', 'E2'].map((address) => all!.getCell(address));
    expect(date!.value).toBeInstanceOf(Date);
    expect((date!.value as Date).toISOString()).toBe('2026-05-09T00:00:00.000Z');
    expect(date!.numFmt).toBe('dd.mm.yyyy');
    expect(date!.type).toBe(ExcelJS.ValueType.Date);
    expect((start!.value as Date).toISOString()).toBe('2026-05-09T10:00:00.000Z');
    expect((end!.value as Date).toISOString()).toBe('2026-05-09T10:45:00.000Z');
    expect([start!.numFmt, end!.numFmt]).toEqual(['hh:mm', 'hh:mm']);
    expect(all!.getCell('H2').value).toBe(0);
    // A session without a place has no date, no times.
    expect(['C4', 'D4', 'E4'].map((address) => all!.getCell(address).value)).toEqual([null, null, null]);

    // The formula-looking texts are string cells, as they were typed: no formula anywhere.
    for (const sheet of book.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.formula, `${sheet.name}!${cell.address}`).toBeUndefined();
          expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.Date]).toContain(cell.type);
        }),
      );
    }
    const hyperlink = all!.getCell('A3');
    expect(hyperlink.type).toBe(ExcelJS.ValueType.String);
    expect(hyperlink.value).toBe('=HYPERLINK("http://evil.example","Klick")');
    expect([all!.getCell('B3').value, all!.getCell('G3').value]).toEqual(['+49 201', '@alle']);
  });

  it('is in English when asked, or for an English event', async () => {
    await place(0, 0, 0);
    const english = await createEvent(server.store, { ...TEST_EVENT, slug: `${server.slug}-en`, locale: 'en', dates: ['2026-05-09', '2026-05-10'] });
    for (const path of [api('/sessions.xlsx?lang=en'), `${server.url}/api/events/${english.slug}/sessions.xlsx`]) {
      const { book } = await workbook(path);
      expect(book.worksheets.map((sheet) => sheet.name).slice(0, 2)).toEqual(['All sessions', 'Saturday, 9 May 2026']);
      expect(sheetValues(book.worksheets[0]!)[0]).toEqual([
        'Title',
        'Host',
        'Date',
        'Start',
        'End',
        'Room',
        'Tags',
        'Interest',
        'Wishes',
        'Status',
        'Description',
      ]);
    }
    expect((await workbook(`${server.url}/api/events/${english.slug}/sessions.xlsx`)).book.worksheets.map((sheet) => sheet.name)).toEqual([
      'All sessions',
      'Saturday, 9 May 2026',
      'Sunday, 10 May 2026',
    ]);
    expect((await workbook(api('/sessions.xlsx?lang=en'))).book.worksheets[0]!.getCell('C2').numFmt).toBe('yyyy-mm-dd');
    const refused = await fetch(api('/sessions.xlsx?lang=fr'));
    expect({ status: refused.status, body: await refused.json() }).toEqual({
      status: 400,
      body: { error: { code: 'invalid', reason: 'bad_format', message: 'Invalid lang: must be "de" or "en".', field: 'lang' } },
    });
    const unknown = await fetch(`${server.url}/api/events/nope/sessions.xlsx`);
    expect({ status: unknown.status, body: await unknown.json() }).toEqual({
      status: 404,
      body: { error: { code: 'not_found', reason: 'no_such', message: 'There is no event "nope".', field: 'event' } },
    });
  });

  it('holds a two-day camp of 150 sessions: every session once on the first sheet, each placed one on its day’s sheet at its time', async () => {
    const camp = await seedBigCamp(server.store, `${server.slug}-ruhr`);
    const campBoard = (await (await fetch(`${server.url}/api/events/${camp.slug}/board`)).json()) as { board: Board };
    const { book } = await workbook(`${server.url}/api/events/${camp.slug}/sessions.xlsx`);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Alle Sessions', 'Samstag, 9. Mai 2026', 'Sonntag, 10. Mai 2026']);
    const [all, saturday, sunday] = book.worksheets.map((sheet) => sheetValues(sheet).slice(1));
    expect(all).toHaveLength(150);
    expect(new Set(all!.map((row) => row[0])).size).toBe(150);
    const placed = calendarRows(campBoard.board);
    expect(saturday!.length + sunday!.length).toBe(placed.length);
    // Each day's sheet has that day's sessions, in the plan's order, at their wall-clock times.
    for (const [sheet, date] of [
      [saturday!, '2026-05-09'],
      [sunday!, '2026-05-10'],
    ] as const) {
      const ofDay = placed.filter((row) => row.place.date === date);
      expect(
        sheet.map((row) => [
          row[0],
          row[5],
          (row[2] as Date).toISOString().slice(0, 10),
          (row[3] as Date).toISOString().slice(11, 16),
          (row[4] as Date).toISOString().slice(11, 16),
        ]),
      ).toEqual(ofDay.map((row) => [row.session.title, row.place.room.name, date, row.place.start, row.place.end]));
    }
  });
});

describe('a phone’s own feed, that follows its stars', () => {
  /** A feed id as a phone makes it: 18 random bytes in base64url. */
  const newFeedId = () => randomBytes(18).toString('base64url');
  const tell = (feedId: string, body: unknown) =>
    fetch(api(`/my/${feedId}`), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('shows a star added later, and a starred session placed later, at the same address', async () => {
    await place(0, 0, 0);
    await place(1, 1, 0);
    const [first, second, third] = board().sessions;
    const feedId = newFeedId();
    const told = await tell(feedId, { sessions: [first!.id] });
    expect({ status: told.status, body: await told.json() }).toEqual({ status: 200, body: { sessions: [first!.id] } });
    const before = await feed(`/my/${feedId}.ics`);
    expect(before.entries.map((e) => e.summary)).toEqual(['Erste Session']);
    expect(before.name).toBe('Testcamp – Mein Plan');

    // Starred later: the subscription shows it without being made again.
    expect((await tell(feedId, { sessions: [first!.id, second!.id, third!.id] })).status).toBe(200);
    expect((await feed(`/my/${feedId}.ics`)).entries.map((e) => e.summary)).toEqual(['Erste Session', 'Zweite Session']);
    // The third, starred while in the tray, shows once it has a place.
    await place(2, 2, 1);
    const after = await feed(`/my/${feedId}.ics`);
    expect(after.entries.map((e) => e.summary)).toEqual(['Erste Session', 'Zweite Session', 'Dritte Session']);
    // The same entries as the whole plan's: the same UIDs, so a calendar that has both updates one.
    expect(after.entries).toEqual((await feed('/plan.ics')).entries);
    // A star taken away goes; other phones' feeds are their own.
    expect((await tell(feedId, { sessions: [third!.id] })).status).toBe(200);
    expect((await feed(`/my/${feedId}.ics`)).entries.map((e) => e.summary)).toEqual(['Dritte Session']);
    expect((await feed(`/my/${newFeedId()}.ics`)).entries).toEqual([]);
  });

  it('is a valid empty calendar with the event’s VTIMEZONE before the phone told any stars, and after it took the last one away', async () => {
    await place(0, 0, 0);
    const feedId = newFeedId();
    for (const moment of ['never told', 'emptied']) {
      const { text, type, entries } = await feed(`/my/${feedId}.ics`);
      expect(type, moment).toBe('text/calendar; charset=utf-8');
      expect(entries, moment).toEqual([]);
      expect(text.startsWith('BEGIN:VCALENDAR\r\n'), moment).toBe(true);
      expect(text.endsWith('END:VCALENDAR\r\n'), moment).toBe(true);
      const calendar = new ICAL.Component(ICAL.parse(text));
      expect(calendar.getAllSubcomponents().map((c) => c.name)).toEqual(['vtimezone']);
      expect(calendar.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
      await tell(feedId, { sessions: [board().sessions[0]!.id] });
      expect((await feed(`/my/${feedId}.ics`)).entries).toHaveLength(1);
      expect((await tell(feedId, { sessions: [] })).status).toBe(200);
    }
    // A feed with no stars is no row: nothing kept for phones that starred nothing.
    const eventId = (await server.store.findEvent(server.slug))!.id;
    expect(await server.rows(`SELECT feed_hash FROM star_feeds WHERE event_id = ${eventId}`)).toEqual([]);
  });

  it('leaves out ids that are no session of the event, and keeps each once', async () => {
    await place(0, 0, 0);
    const [first, second] = board().sessions;
    const feedId = newFeedId();
    const told = await tell(feedId, { sessions: [second!.id, 's_unknown', first!.id, second!.id] });
    expect(await told.json()).toEqual({ sessions: [second!.id, first!.id] });
    expect((await feed(`/my/${feedId}.ics`)).entries.map((e) => e.summary)).toEqual(['Erste Session']);
    // Another event's session is not this event's.
    const other = await createEvent(server.store, {
      ...TEST_EVENT,
      slug: `${server.slug}-andere`,
      sessions: [{ title: 'Fremd', host: 'X', description: '', tags: [] }],
    });
    const foreign = ((await (await fetch(`${server.url}/api/events/${other.slug}/board`)).json()) as { board: Board }).board.sessions[0]!.id;
    expect(await (await tell(feedId, { sessions: [foreign] })).json()).toEqual({ sessions: foreign === first!.id || foreign === second!.id ? [foreign] : [] });
  });

  it('refuses a body that is not a list of session ids, too many of them, and a feed id too short or not base64url', async () => {
    const feedId = newFeedId();
    const tooMany = Array.from({ length: STAR_FEED_LIMITS.sessions + 1 }, (_, i) => `s${i}`);
    for (const [what, body, error] of [
      ['not a list', { sessions: 's1' }, { reason: 'wrong_type', message: 'Invalid sessions: must be array.', field: 'sessions' }],
      ['a list of numbers', { sessions: [1, 2] }, { reason: 'wrong_type', message: 'Invalid sessions.0: must be string.', field: 'sessions.0' }],
      ['no list', {}, { reason: 'missing', message: "Invalid sessions: must have required property 'sessions'.", field: 'sessions' }],
      ['a list alone', ['s1'], { reason: 'not_an_object', message: 'The payload must be an object.' }],
      ['a key more', { sessions: [], device: 'x' }, { reason: 'unknown_field', message: 'Invalid device: has no field "device".', field: 'device' }],
      [
        'too many',
        { sessions: tooMany },
        {
          reason: 'too_many',
          message: `Invalid sessions: must NOT have more than ${STAR_FEED_LIMITS.sessions} items.`,
          field: 'sessions',
          limit: STAR_FEED_LIMITS.sessions,
        },
      ],
      [
        'an id no id can be',
        { sessions: ['s 1'] },
        { reason: 'bad_format', message: 'Invalid sessions.0: must be 1 to 64 of A–Z, a–z, 0–9, "_" and "-".', field: 'sessions.0' },
      ],
    ] as const) {
      const response = await tell(feedId, body);
      expect({ what, status: response.status, body: await response.json() }).toEqual({ what, status: 400, body: { error: { code: 'invalid', ...error } } });
    }
    const notJson = await fetch(api(`/my/${feedId}`), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"sessions": [' });
    expect(notJson.status).toBe(400);
    const feedIdRule = 'Invalid feedId: must be 22 to 64 of A–Z, a–z, 0–9, "_" and "-" (a random id the phone makes).';
    for (const badId of ['a'.repeat(21), 'a'.repeat(65), `${'a'.repeat(21)}+`, `${'a'.repeat(21)}%C3%A4`]) {
      for (const response of [await tell(badId, { sessions: [] }), await fetch(api(`/my/${badId}.ics`))]) {
        expect({ badId, status: response.status, body: await response.json() }).toEqual({
          badId,
          status: 400,
          body: { error: { code: 'invalid', reason: 'bad_format', message: feedIdRule, field: 'feedId' } },
        });
      }
    }
    // 22 characters are enough.
    expect((await tell('a'.repeat(22), { sessions: [] })).status).toBe(200);
    expect((await fetch(api(`/my/${'a'.repeat(22)}.ics`))).status).toBe(200);
    // An unknown event is not_found either way.
    for (const response of [
      await fetch(`${server.url}/api/events/nope/my/${feedId}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"sessions":[]}' }),
      await fetch(`${server.url}/api/events/nope/my/${feedId}.ics`),
    ]) {
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 404,
        body: { error: { code: 'not_found', reason: 'no_such', message: 'There is no event "nope".', field: 'event' } },
      });
    }
  });

  it('keeps the feed id out of the log, the database, the board and every broadcast', async () => {
    const watcher = await file.client();
    const logged = log.lines.length;
    await place(0, 0, 0);
    const feedId = newFeedId();
    await tell(feedId, { sessions: [board().sessions[0]!.id] });
    await feed(`/my/${feedId}.ics`);
    await tell(feedId.slice(0, 21), { sessions: [] });
    await fetch(api(`/my/${feedId}.ics`), { method: 'HEAD' });
    const rows = await server.rows(`SELECT * FROM star_feeds WHERE event_id = ${(await server.store.findEvent(server.slug))!.id}`);
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    const snapshot = await (await fetch(api('/board'))).text();
    const everything = [JSON.stringify(log.lines.slice(logged)), stored, snapshot, JSON.stringify(watcher.broadcasts)].join('\n');
    expect(everything).not.toContain(feedId);
    expect(everything).not.toContain(feedId.slice(0, 21));
    expect(stored).not.toContain(feedId.slice(0, 12));
  });
});

describe('the schedules for conference apps', () => {
  async function schedules(): Promise<{ json: ConferenceSchedule; xml: string; version: number }> {
    const [jsonAnswer, xmlAnswer] = await Promise.all([fetch(api('/schedule.json')), fetch(api('/schedule.xml'))]);
    expect([jsonAnswer.status, xmlAnswer.status]).toEqual([200, 200]);
    expect(jsonAnswer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(xmlAnswer.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    return { json: (await jsonAnswer.json()) as ConferenceSchedule, xml: await xmlAnswer.text(), version: (await fetchBoard(server.url, server.slug)).version };
  }
  const eventsOf = (json: ConferenceSchedule) => json.schedule.conference.days.flatMap((day) => Object.values(day.rooms).flat());

  it('has every placed session in both, meeting each format’s rules, as the board has it', async () => {
    await place(0, 0, 0);
    await place(1, 2, 3);
    expect((await boss.send('session:extend', { sessionId: board().sessions[0]!.id })).ok).toBe(true);
    expect((await boss.send('room:update', { roomId: board().rooms[0]!.id, name: 'Raum Übersee (Erdgeschoss, hinter der Drehtür)' })).ok).toBe(true);
    const [first, second] = board().sessions;
    expect(
      (
        await boss.send('session:update', {
          sessionId: first!.id,
          revision: first!.revision,
          tags: ['Barrierefreiheit', 'KI'],
          description: 'Mit <b>Folien</b> & Fragen',
        })
      ).ok,
    ).toBe(true);
    const { json, xml, version } = await schedules();
    expect(jsonScheduleProblems(json)).toEqual([]);
    expect(xmlScheduleProblems(xml)).toEqual([]);
    expect(json.schedule.version).toBe(String(version));
    expect(json.schedule.conference).toMatchObject({
      title: 'Testcamp',
      acronym: server.slug.replace(/-/g, '_'),
      start: '2026-05-09',
      end: '2026-05-09',
      daysCount: 1,
    });
    expect(json.schedule.conference.rooms.map((room) => room.name)).toEqual(['Raum Übersee (Erdgeschoss, hinter der Drehtür)', 'Raum B', 'Raum C']);
    const [double, single] = eventsOf(json);
    expect(double).toMatchObject({
      title: 'Erste Session',
      room: 'Raum Übersee (Erdgeschoss, hinter der Drehtür)',
      date: '2026-05-09T10:00:00+02:00',
      start: '10:00',
      duration: '01:45',
      track: 'Barrierefreiheit',
      abstract: 'Mit <b>Folien</b> & Fragen',
      persons: [{ name: 'Anna' }],
      url: `${server.url}/e/${server.slug}#session=${first!.id}`,
      language: 'de',
      links: [],
    });
    expect(single).toMatchObject({ title: 'Zweite Session', room: 'Raum C', start: '13:00', duration: '00:45', track: null, persons: [{ name: 'Ben' }] });
    expect(second).toBeDefined();
    // The XML says the same, read back by an XML parser.
    const root = parseXml(xml);
    expect(child(root, 'version')!.text).toBe(String(version));
    const xmlEvents = childrenNamed(root, 'day').flatMap((day) =>
      day.children.flatMap((room) => room.children.map((event) => ({ room: room.attributes, event }))),
    );
    expect(
      xmlEvents.map(({ room, event }) => [
        room.name,
        event.attributes.guid,
        Number(event.attributes.id),
        child(event, 'title')!.text,
        child(event, 'abstract')!.text,
      ]),
    ).toEqual([double!, single!].map((e) => [e.room, e.guid, e.id, e.title, e.abstract]));
    // No secret in either.
    expect(JSON.stringify(json)).not.toContain(server.key);
    expect(xml).not.toContain(server.key);
  });

  it('keeps a session’s guid and id through a move, and changes version with every board version', async () => {
    await place(0, 0, 0);
    const before = await schedules();
    const [was] = eventsOf(before.json);
    expect((await boss.send('session:place', { sessionId: board().sessions[0]!.id, roomId: board().rooms[1]!.id, slotId: board().slots[3]!.id })).ok).toBe(
      true,
    );
    const moved = await schedules();
    const [now] = eventsOf(moved.json);
    expect(now).toMatchObject({ room: 'Raum B', start: '13:00', guid: was!.guid, id: was!.id });
    expect(moved.version).toBe(before.version + 1);
    expect(moved.json.schedule.version).not.toBe(before.json.schedule.version);
    expect(child(parseXml(moved.xml), 'version')!.text).toBe(moved.json.schedule.version);
    // Every change is a new version, even one no schedule shows (a session in the tray retitled).
    const third = board().sessions[2]!;
    expect((await boss.send('session:update', { sessionId: third.id, revision: third.revision, title: 'Dritte, neu' })).ok).toBe(true);
    const retitled = await schedules();
    expect(retitled.json.schedule.version).toBe(String(moved.version + 1));
    expect(eventsOf(retitled.json)).toEqual(eventsOf(moved.json));
  });

  it('says not_found for an unknown event', async () => {
    for (const file of ['schedule.json', 'schedule.xml']) {
      const answer = await fetch(`${server.url}/api/events/no-such-camp/${file}`);
      expect(answer.status).toBe(404);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});

describe('a calendar’s name', () => {
  it('comes back whole in a calendar app, commas and semicolons in it', async () => {
    const name = 'Raum Übersee (Erdgeschoss, hinter der Drehtür); Hof\\Tor';
    expect((await boss.send('room:update', { roomId: board().rooms[0]!.id, name })).ok).toBe(true);
    await place(0, 0, 0);
    // ical.js knows neither property: NAME is TEXT (RFC 7986 5.1), and X-WR-CALNAME is written like it.
    for (const property of ['name', 'x-wr-calname']) ICAL.design.defaultSet.property[property] = { defaultType: 'text' };
    const { text } = await feed(`/rooms/${board().rooms[0]!.id}.ics`);
    const calendar = new ICAL.Component(ICAL.parse(text));
    for (const property of ['name', 'x-wr-calname']) expect(calendar.getFirstPropertyValue(property)).toBe(`Testcamp – ${name}`);
    expect(new ICAL.Event(calendar.getFirstSubcomponent('vevent')!).location).toBe(name);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
