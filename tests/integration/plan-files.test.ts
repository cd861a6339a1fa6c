// The plan taken elsewhere: iCal feeds read back by a real iCal parser (ical.js) and compared to
// the board, and the CSV read back by a CSV parser.
import ICAL from 'ical.js';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { STARRED_MAX_LENGTH } from '../../server/routes/plan-files.ts';
import { wallClock } from '../../shared/schedule.ts';
import { capturedLog, type TestClient } from '../helpers/server.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';

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

describe('the CSV of every session', () => {
  it('has every session, placed or not, and keeps commas, quotes, newlines and umlauts whole', async () => {
    await place(0, 1, 0);
    const [first, second] = board().sessions;
    const title = 'Kommas, "Anführungszeichen" und Ümläute';
    expect(
      (
        await boss.send('session:update', {
          sessionId: first!.id,
          revision: first!.revision,
          title,
          description: 'Zeile eins\nZeile zwei, mit Komma',
          tags: ['KI', 'Verwaltung'],
        })
      ).ok,
    ).toBe(true);
    await boss.send('session:withdraw', { sessionId: second!.id });
    const response = await fetch(api('/sessions.csv'));
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // The byte order mark that tells spreadsheet programs it is UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(board().sessions.length);
    expect(rows[0]).toEqual({
      title,
      hosts: 'Anna',
      tags: 'KI, Verwaltung',
      interest: '0',
      room: 'Raum B',
      date: '2026-05-09',
      start: '10:00',
      end: '10:45',
      status: 'placed',
      description: 'Zeile eins\nZeile zwei, mit Komma',
    });
    expect(rows.map((row) => row.status)).toEqual(['placed', 'withdrawn', 'unplaced']);
    expect(rows[1]).toMatchObject({ title: 'Zweite Session', room: '', date: '', start: '', end: '' });
    expect((await fetch(`${server.url}/api/events/nope/sessions.csv`)).status).toBe(404);
  });
});
