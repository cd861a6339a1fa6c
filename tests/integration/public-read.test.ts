// What other programs and sites read: the board, the calendar feeds, the spreadsheets and the
// schedules answer a client that has the version with 304 (the tag names the event and its board
// version), and any site may read them (CORS); nothing that needs a key or a token may be read so.
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';
import type { TestClient } from '../helpers/server.ts';

const file = serverPerFile();
let server: EventOnServer;
let boss: TestClient;
beforeEach(async () => {
  server = file.server;
  boss = await file.client(server.key);
  const { sessions, rooms, slots } = board();
  expect((await boss.send('session:place', { sessionId: sessions[0]!.id, roomId: rooms[0]!.id, slotId: slots[0]!.id })).ok).toBe(true);
});

const board = (): Board => boss.snapshot.board;
const api = (path: string) => `${server.url}/api/events/${server.slug}${path}`;
const eventId = async () => (await server.store.findEvent(server.slug))!.id;
const version = async () => ((await (await fetch(api('/board'))).json()) as { version: number }).version;

/** Every public read-only answer of the test event. */
const publicPaths = () => [
  '/board',
  '/plan.ics',
  `/plan.ics?sessions=${board().sessions[0]!.id}`,
  `/rooms/${board().rooms[0]!.id}.ics`,
  `/sessions/${board().sessions[0]!.id}.ics`,
  // A session in the tray: a calendar of the zone alone, tagged all the same.
  `/sessions/${board().sessions[1]!.id}.ics`,
  '/sessions.csv',
  '/sessions.csv?lang=en&sep=,',
  '/sessions.xlsx',
  '/schedule.json',
  '/schedule.xml',
];

const newFeedId = () => randomBytes(18).toString('base64url');

async function get(path: string, ifNoneMatch?: string) {
  const answer = await fetch(api(path), ifNoneMatch ? { headers: { 'if-none-match': ifNoneMatch } } : {});
  return { status: answer.status, tag: answer.headers.get('etag'), headers: answer.headers, body: await answer.arrayBuffer() };
}

/** Any change of the board: a new version. */
const change = async () => {
  const session = board().sessions[2]!;
  expect((await boss.send('session:update', { sessionId: session.id, revision: session.revision, title: `${session.title}!` })).ok).toBe(true);
};

describe('ETag and 304', () => {
  it('tags every feed, schedule and the board with the event and its board version, and answers 304 to a client that has it', async () => {
    const tag = `"${await eventId()}-${await version()}"`;
    const feedId = newFeedId();
    for (const path of [...publicPaths(), `/my/${feedId}.ics`]) {
      const first = await get(path);
      expect(first.status, path).toBe(200);
      expect(first.body.byteLength, path).toBeGreaterThan(0);
      // Spreadsheets and a phone's feed hold more than the board: it follows the version.
      expect(first.tag, path).toMatch(new RegExp(`^${tag.slice(0, -1)}(-[\\w-]{11})?"$`));
      expect(first.headers.get('cache-control'), path).toBe('no-cache');
      for (const given of [first.tag!, `W/${first.tag}`, `"other", ${first.tag}`, '*']) {
        const again = await get(path, given);
        expect({ path, given, status: again.status, bytes: again.body.byteLength }).toEqual({ path, given, status: 304, bytes: 0 });
        expect(again.tag, path).toBe(first.tag);
      }
      expect((await get(path, '"0-0"')).status, path).toBe(200);
    }
    expect((await get('/schedule.json')).tag).toBe(tag);
    expect((await get('/plan.ics')).tag).toBe(tag);
    expect((await get('/board')).tag).toBe(tag);
  });

  it('gives a new tag and the whole answer after every change', async () => {
    const feedId = newFeedId();
    const paths = [...publicPaths(), `/my/${feedId}.ics`];
    const before = await Promise.all(paths.map((path) => get(path)));
    await change();
    for (const [index, path] of paths.entries()) {
      const after = await get(path, before[index]!.tag!);
      expect(after.status, path).toBe(200);
      expect(after.tag, path).not.toBe(before[index]!.tag);
      expect((await get(path, after.tag!)).status, path).toBe(304);
    }
  });

  it('changes a phone’s feed’s tag with its stars, which make no version', async () => {
    const feedId = newFeedId();
    const star = (sessions: string[]) =>
      fetch(api(`/my/${feedId}`), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessions }) });
    const before = await get(`/my/${feedId}.ics`);
    expect((await star([board().sessions[0]!.id])).status).toBe(200);
    const starred = await get(`/my/${feedId}.ics`, before.tag!);
    expect(starred.status).toBe(200);
    expect(new TextDecoder().decode(starred.body)).toContain('SUMMARY:Erste Session');
    expect((await star([])).status).toBe(200);
    expect((await get(`/my/${feedId}.ics`, starred.tag!)).status).toBe(200);
    // Stars back as they were: the tag as it was.
    expect((await get(`/my/${feedId}.ics`, before.tag!)).status).toBe(304);
  });

  it('changes a spreadsheet’s tag with the phones’ taps, which make no version', async () => {
    const before = await Promise.all(['/sessions.csv', '/sessions.xlsx'].map((path) => get(path)));
    const phone = await file.client();
    const atVersion = await version();
    expect(await phone.send('session:interested', { sessionId: board().sessions[1]!.id, interested: true })).toMatchObject({ ok: true });
    expect(await version()).toBe(atVersion);
    await vi.waitFor(async () => {
      const csv = await get('/sessions.csv', before[0]!.tag!);
      expect(csv.status).toBe(200);
    });
    expect((await get('/sessions.xlsx', before[1]!.tag!)).status).toBe(200);
    // The schedules and calendars show no taps: their tag stays.
    const schedule = await get('/schedule.json');
    expect(schedule.tag).toBe(`"${await eventId()}-${atVersion}"`);
  });
});

describe('reading from other sites (CORS)', () => {
  const CORS = ['access-control-allow-origin', 'access-control-expose-headers'];
  const corsOf = (headers: Headers) => Object.fromEntries(CORS.map((name) => [name, headers.get(name)]));

  it('lets any site read the board, the feeds, the spreadsheets and the schedules, a 304 and a refusal too', async () => {
    for (const path of publicPaths()) {
      const answer = await fetch(api(path), { headers: { origin: 'https://camp.example' } });
      expect({ path, ...corsOf(answer.headers) }).toEqual({ path, 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag, X-Server-Time' });
      expect(answer.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
      const unchanged = await fetch(api(path), { headers: { origin: 'https://camp.example', 'if-none-match': answer.headers.get('etag')! } });
      expect(unchanged.status, path).toBe(304);
      expect(unchanged.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const unknown = await fetch(`${server.url}/api/events/no-such-camp/schedule.json`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lets no other site read what needs a key or a token: the export, a phone’s own feed, and whatever writes (a new event’s key)', async () => {
    const feedId = newFeedId();
    const keyed: Array<[string, RequestInit, number]> = [
      [api('/export.json'), { headers: { authorization: `Bearer ${server.key}` } }, 200],
      [api('/export.json'), {}, 401],
      [api(`/my/${feedId}.ics`), {}, 200],
      [api(`/my/${feedId}`), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessions: [] }) }, 200],
      [api(`/my/${feedId}/push`), { method: 'DELETE' }, 204],
      [`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Fremd' }) }, 201],
    ];
    for (const [url, init, status] of keyed) {
      const answer = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), origin: 'https://camp.example' } });
      expect({ url, status: answer.status }).toEqual({ url, status });
      expect({ url, ...corsOf(answer.headers) }).toEqual({ url, 'access-control-allow-origin': null, 'access-control-expose-headers': null });
      expect(answer.headers.get('cross-origin-resource-policy'), url).toBe('same-origin');
    }
  });
});
