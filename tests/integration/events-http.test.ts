// Creating events over HTTP, the create token, export and re-import.
import Database from 'better-sqlite3';
import pg from 'pg';
import { REFUSAL_REASONS } from '../../shared/errors.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { openDatabase } from '../../db/open.ts';
import { buildApp } from '../../server/app.ts';
import type { Board } from '../../shared/board.ts';
import type { EventExport } from '../../shared/export.ts';
import { connectClient, refusalOf, startTestServer, tempDir, type TestServer } from '../helpers/server.ts';
import path from 'node:path';
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_LIMITS } from '../../server/rate-limit.ts';

let server: TestServer | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function appWithToken(createToken: string): Promise<{ url: string; app: FastifyInstance }> {
  const dir = tempDir();
  const db = openDatabase(path.join(dir, 'x.db'));
  const app = await buildApp({ store: new SqliteStore(db), createToken, clientDir: path.join(dir, 'none') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  cleanups.push(async () => {
    await app.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, app };
}

describe('malformed HTTP requests', () => {
  it('get the right 4xx with a JSON error, never a 500, and create nothing', async () => {
    server = await startTestServer();
    const url = `${server.url}/api/events`;
    const json = { 'content-type': 'application/json' };
    const cases: Array<[string, RequestInit, number]> = [
      ['malformed JSON', { headers: json, body: '{"title": ' }, 400],
      ['an empty JSON body', { headers: json, body: '' }, 400],
      ['a NaN literal', { headers: json, body: '{"title": NaN}' }, 400],
      ['a __proto__ key', { headers: json, body: '{"title": "x", "__proto__": {"admin": true}}' }, 400],
      ['a constructor.prototype key', { headers: json, body: '{"title": "x", "constructor": {"prototype": {"admin": true}}}' }, 400],
      ['a form', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'title=x' }, 415],
      ['multipart', { headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: '--b\r\n\r\nx\r\n--b--' }, 415],
      ['plain text', { headers: { 'content-type': 'text/plain' }, body: 'title=x' }, 400],
      // Bytes make fetch send no content type at all.
      ['no content type', { body: new TextEncoder().encode('{"title":"x"}') }, 415],
      ['a 300 KB body', { headers: json, body: JSON.stringify({ title: 'x'.repeat(300 * 1024) }) }, 413],
    ];
    for (const [name, init, status] of cases) {
      const response = await fetch(url, { method: 'POST', ...init });
      expect(response.status, name).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, name).toBe('invalid');
      expect(body.error.message.length, name).toBeGreaterThan(5);
    }
    expect(await server.store.countEvents()).toBe(1);
  });
});

describe('POST /api/events', () => {
  it('creates an event with links that work, and refuses bad input clearly', async () => {
    server = await startTestServer();
    const response = await post(`${server.url}/api/events`, {
      // Umlauts as a letter and a combining mark, as some keyboards send them: kept composed.
      title: 'Barcamp Ko\u0308ln',
      dates: ['2026-09-12', '2026-09-13'],
      timezone: 'Europe/Berlin',
      locale: 'de',
      rooms: 'Saal:100,Ku\u0308che:12',
      slots: '10:00-10:45,lunch 12:00-13:00,13:00-13:45',
    });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created.slug).toMatch(/^barcamp-koeln-[0-9a-f]{6}$/);
    expect(created.facilitatorUrl).toBe(`${server.url}/e/${created.slug}/board#key=${created.key}`);
    expect(created.attendeeUrl).toBe(`${server.url}/e/${created.slug}`);
    const boss = await connectClient(server.url, { event: created.slug, key: created.key });
    expect(boss.snapshot.board.event.title).toBe('Barcamp Köln');
    expect(boss.snapshot.board.rooms.map((room) => room.name)).toEqual(['Saal', 'Küche']);
    expect(boss.snapshot.board.days).toHaveLength(2);
    expect(boss.snapshot.board.slots).toHaveLength(6);
    boss.close();

    for (const [body, pattern] of [
      [{}, /title/],
      // Neither shape of rooms: the first thing wrong with it is said.
      [{ title: 'x', rooms: 5 }, /^Invalid rooms: must be string\.$/],
      // A list of rooms: what is wrong deepest in it.
      [{ title: 'x', rooms: [{ name: 'A', capacity: '5' }] }, /^Invalid rooms\.0\.capacity: must be integer\.$/],
      // The first fault found is said, and the check stops there (Ajv's allErrors is off: a body
      // full of faults costs no more than one).
      [{ rooms: [{ name: 'A', capacity: '5' }] }, /^Invalid title: must have required property 'title'\.$/],
      // Nothing is turned into the type it should have been.
      [{ title: 12345 }, /^Invalid title: must be string\.$/],
      [{ title: 'x', dates: '2026-09-12' }, /^Invalid dates: must be array\.$/],
      [{ title: 'x', extra: true }, /^Invalid extra: has no field "extra"\.$/],
      [{ title: 'x', slots: '10:00-11:00,10:30-11:30' }, /overlaps/],
      [{ title: 'x', timezone: 'Mars/Base' }, /time zone/],
      [{ title: 'x'.repeat(200) }, /^Invalid title: must have 1 to 120 characters\.$/],
      [{ title: '\u200B' }, /^Invalid title: must show a letter or digit\.$/],
      // The limits of the room and slot commands hold here too.
      [{ title: 'x', rooms: `${'Seminarraum '.repeat(160)}:20` }, /room name must have 1 to 60 characters/],
      [{ title: 'x', rooms: 'A:0' }, /1 to 100000 people/],
      [{ title: 'x', rooms: 'A:100000000000000000000' }, /1 to 100000 people/],
      [{ title: 'x', slots: `${'Kaffee'.repeat(320)} 10:00-10:30,10:30-11:00` }, /at most 60 characters/],
      [{ title: 'x', dates: ['2026-09-12', '2026-09-12'] }, /date is given twice/],
    ] as const) {
      const bad = await post(`${server.url}/api/events`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      const error = (await bad.json()).error;
      expect(error.code).toBe('invalid');
      expect(error.message).toMatch(pattern);
      // Said by the page from the reason, naming the field where one is wrong.
      expect(REFUSAL_REASONS).toContain(error.reason);
    }
  });

  it('takes rooms and slots as lists: names with commas and colons survive, a slot with a date is on that day only', async () => {
    server = await startTestServer();
    const response = await post(`${server.url}/api/events`, {
      title: 'Barcamp Ruhr',
      dates: ['2026-09-12', '2026-09-13'],
      rooms: [{ name: 'Bibliothek, Lesesaal', capacity: 30 }, { name: 'Raum 1: Nord', projector: true }, { name: ' Foyer ' }],
      slots: [
        { start: '10:00', end: '10:45', kind: 'session' },
        { start: '12:00', end: '13:00', kind: 'break' },
        { start: '13:00', end: '13:45', kind: 'session', label: 'Nachmittag, Teil 1' },
        { date: '2026-09-13', start: '15:00', end: '15:45', kind: 'session' },
      ],
    });
    expect(response.status).toBe(201);
    const created = await response.json();
    const boss = await connectClient(server.url, { event: created.slug, key: created.key });
    const { rooms, slots, days } = boss.snapshot.board;
    boss.close();
    expect(rooms.map(({ name, capacity, projector }) => ({ name, capacity, projector }))).toEqual([
      { name: 'Bibliothek, Lesesaal', capacity: 30, projector: false },
      { name: 'Raum 1: Nord', capacity: null, projector: true },
      { name: 'Foyer', capacity: null, projector: false },
    ]);
    const dayOf = (dayId: string) => days.find((d) => d.id === dayId)!.date;
    expect(slots.map((s) => `${dayOf(s.dayId)} ${s.start}-${s.end} ${s.kind} ${s.label}`.trim()).sort()).toEqual([
      '2026-09-12 10:00-10:45 session',
      '2026-09-12 12:00-13:00 break Mittagspause',
      '2026-09-12 13:00-13:45 session Nachmittag, Teil 1',
      '2026-09-13 10:00-10:45 session',
      '2026-09-13 12:00-13:00 break Mittagspause',
      '2026-09-13 13:00-13:45 session Nachmittag, Teil 1',
      '2026-09-13 15:00-15:45 session',
    ]);

    const session = { start: '10:00', end: '10:45', kind: 'session' };
    for (const [body, pattern] of [
      [{ title: 'x', rooms: [] }, /At least one room/],
      [{ title: 'x', rooms: [{ name: 'A', capacity: 0 }] }, /capacity/],
      [{ title: 'x', rooms: [{ name: 'A', size: 3 }] }, /no field "size"/],
      [{ title: 'x', slots: [{ ...session, start: '25:00' }] }, /start/],
      [{ title: 'x', slots: [{ ...session, end: '09:00' }] }, /ends before it starts/],
      [{ title: 'x', slots: [{ ...session, kind: 'break' }] }, /At least one session slot/],
      [{ title: 'x', slots: [session, { ...session, start: '10:30', end: '11:00', date: '2026-09-12' }], dates: ['2026-09-12'] }, /overlaps/],
      [
        { title: 'x', slots: [session, { ...session, start: '11:00', end: '11:45', date: '2026-09-14' }], dates: ['2026-09-12'] },
        /not one of the event's days/,
      ],
    ] as const) {
      const bad = await post(`${server.url}/api/events`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect((await bad.json()).error, JSON.stringify(body)).toMatchObject({ code: 'invalid', message: expect.stringMatching(pattern) });
    }
  });

  it('takes a chosen short address, and refuses one that is taken or not usable', async () => {
    server = await startTestServer();
    const response = await post(`${server.url}/api/events`, { title: 'Barcamp Ruhr 2026', slug: 'ruhr26' });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created.slug).toBe('ruhr26');
    expect(created.attendeeUrl).toBe(`${server.url}/e/ruhr26`);
    expect((await fetch(`${server.url}/api/events/ruhr26/board`)).status).toBe(200);
    for (const [slug, pattern] of [
      ['ruhr26', /exists already/],
      ['Ruhr 26!', /not a usable slug/],
      ['-ruhr', /not a usable slug/],
    ] as const) {
      const bad = await post(`${server.url}/api/events`, { title: 'Noch eins', slug });
      expect(bad.status, slug).toBe(400);
      expect((await bad.json()).error.message).toMatch(pattern);
    }
  });

  it('keeps to a budget of new events per address and in total; a refused request costs nothing of it', async () => {
    const never = 1e-9;
    for (const [budget, message] of [
      [{ eventsCreatedPerAddress: { burst: 2, perSecond: never } }, /from this network/],
      [{ eventsCreatedInTotal: { burst: 2, perSecond: never } }, /on this server/],
    ] as const) {
      server = await startTestServer({ limits: { ...DEFAULT_LIMITS, ...budget } });
      const events = await server.store.countEvents();
      expect((await post(`${server.url}/api/events`, { title: 'Kaputt', dates: ['2026-99-99'] })).status).toBe(400);
      expect((await post(`${server.url}/api/events`, { title: 'Eins' })).status).toBe(201);
      const data = (await (
        await fetch(`${server.url}/api/events/${server.slug}/export.json`, { headers: { authorization: `Bearer ${server.key}` } })
      ).json()) as EventExport;
      expect((await post(`${server.url}/api/events/import`, { data })).status).toBe(201);
      // Another address named by X-Forwarded-For buys nothing: no proxy is trusted unless told.
      const refused = await post(`${server.url}/api/events`, { title: 'Drei' }, { 'x-forwarded-for': '203.0.113.9' });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('600');
      expect((await refused.json()).error).toMatchObject({ code: 'rate_limited', reason: 'too_many_requests', message: expect.stringMatching(message) });
      expect((await post(`${server.url}/api/events/import`, { data })).status).toBe(429);
      expect(await server.store.countEvents()).toBe(events + 2);
      await server.close();
      server = undefined;
    }
  });

  it('behind a trusted proxy, counts under the address the proxy wrote, not the ones the client put in front', async () => {
    server = await startTestServer({ trustProxy: 1, limits: { ...DEFAULT_LIMITS, eventsCreatedPerAddress: { burst: 2, perSecond: 1e-9 } } });
    const from = (forwardedFor: string) => post(`${server!.url}/api/events`, { title: 'Hinter dem Proxy' }, { 'x-forwarded-for': forwardedFor });
    expect((await from('198.51.100.1, 203.0.113.9')).status).toBe(201);
    expect((await from('198.51.100.2, 203.0.113.9')).status).toBe(201);
    expect((await from('198.51.100.3, 203.0.113.9')).status).toBe(429);
    expect((await from('203.0.113.10')).status).toBe(201);
  });

  it('answers 500 when the database fails to store the new event, and the health check says why', async () => {
    server = await startTestServer();
    // A full disk, as each database says it.
    const full =
      server.store.kind === 'sqlite'
        ? new Database.SqliteError('database or disk is full', 'SQLITE_FULL')
        : Object.assign(new pg.DatabaseError('could not extend file: No space left on device', 0, 'error'), { code: '53100' });
    vi.spyOn(server.store, 'createEvent').mockRejectedValue(full);
    const failed = await post(`${server.url}/api/events`, { title: 'Voll' });
    vi.restoreAllMocks();
    expect(failed.status).toBe(500);
    expect((await failed.json()).error).toEqual({ code: 'internal', reason: 'server_error', message: 'Something went wrong on the server.' });
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({
      ok: false,
      database: server.store.kind === 'sqlite' ? 'SQLITE_FULL: database or disk is full' : '53100: could not extend file: No space left on device',
    });
    expect(await server.store.countEvents()).toBe(1);
  });

  it('needs the create token when PITCHBOARD_CREATE_TOKEN is set', async () => {
    const { url } = await appWithToken('letmein');
    const without = await post(`${url}/api/events`, { title: 'Ohne' });
    expect(without.status).toBe(401);
    expect((await without.json()).error).toEqual({ code: 'unauthorized', reason: 'create_token_needed', message: 'Creating an event needs the create token.' });
    expect((await post(`${url}/api/events`, { title: 'Falsch' }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post(`${url}/api/events`, { title: 'Mit' }, { authorization: 'Bearer letmein' })).status).toBe(201);
    expect(await fetch(`${url}/api/config`).then((r) => r.json())).toEqual({ createNeedsToken: true, pushKey: expect.stringMatching(/^[A-Za-z0-9_-]{87}$/) });
  });
});

describe('export and import', () => {
  it('the JSON export re-imports into an equal event; the export needs the key and holds no secret', async () => {
    server = await startTestServer();
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    const b = boss.snapshot.board;
    await boss.send('session:place', { sessionId: b.sessions[0]!.id, roomId: b.rooms[0]!.id, slotId: b.slots[0]!.id });
    await boss.send('session:extend', { sessionId: b.sessions[0]!.id });
    await boss.send('cell:block', { roomId: b.rooms[2]!.id, slotId: b.slots[0]!.id });
    await boss.send('session:interest', { sessionId: b.sessions[1]!.id, interest: 17 });
    await boss.send('session:update', { sessionId: b.sessions[1]!.id, revision: 1, wishes: { timing: 'after_lunch' } });
    await boss.send('event:update', { pitchSeconds: 45 });
    await boss.send('session:withdraw', { sessionId: b.sessions[2]!.id });
    const original = (await boss.send<{ board: Board }>('board:sync', {})) as { ok: true; data: { board: Board } };
    boss.close();

    // The key, and only this event's key, as a bearer token: not another event's, not in another scheme.
    const exportWith = (authorization?: string, slug = server!.slug) =>
      fetch(`${server!.url}/api/events/${slug}/export.json`, authorization === undefined ? {} : { headers: { authorization } });
    const other = await (await post(`${server.url}/api/events`, { title: 'Anderes Camp' })).json();
    for (const authorization of [
      undefined,
      `Bearer ${other.key}`,
      `Basic ${server.key}`,
      `Token: ${server.key}`,
      server.key,
      `Bearer${server.key}`,
      'Bearer ',
    ]) {
      const refused = await exportWith(authorization);
      expect({ authorization, status: refused.status }).toEqual({ authorization, status: 401 });
      expect((await refused.json()).error).toEqual({
        code: 'unauthorized',
        reason: 'wrong_key',
        message: 'The export needs the facilitator key (Authorization: Bearer …).',
      });
    }
    expect((await exportWith(`Bearer  ${server.key} `)).status).toBe(200);
    const unknown = await exportWith(`Bearer ${server.key}`, 'no-such-camp');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toEqual({ code: 'not_found', reason: 'no_such', message: 'There is no event "no-such-camp".', field: 'event' });
    const exported = await fetch(`${server.url}/api/events/${server.slug}/export.json`, { headers: { authorization: `Bearer ${server.key}` } });
    expect(exported.status).toBe(200);
    const text = await exported.text();
    expect(text).not.toContain(server.key);
    expect(text).not.toMatch(/hash|token/i);

    const response = await post(`${server.url}/api/events/import`, { data: JSON.parse(text), title: 'Testcamp 2027' });
    expect(response.status).toBe(201);
    const copy = await response.json();
    const again = await connectClient(server.url, { event: copy.slug, key: copy.key });
    const imported = again.snapshot.board;
    again.close();
    const strip = (board: Board) => ({
      ...board,
      event: { ...board.event, slug: '', title: '' },
      sessions: board.sessions.map((s) => ({ ...s, revision: 0 })),
      pitch: null,
    });
    expect(strip(imported)).toEqual(strip(original.data.board));
    expect(imported.event.title).toBe('Testcamp 2027');

    const frameOnly = await (await post(`${server.url}/api/events/import`, { data: JSON.parse(text), frameOnly: true })).json();
    const frame = await connectClient(server.url, { event: frameOnly.slug });
    expect(frame.snapshot.board.sessions).toEqual([]);
    expect(frame.snapshot.board.rooms).toEqual(original.data.board.rooms);
    frame.close();

    const broken = JSON.parse(text);
    broken.placements.push({ sessionId: 'nope', roomId: 'x', slotId: 'y' });
    const refused = await post(`${server.url}/api/events/import`, { data: broken });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toMatch(/placement of nope points to a session, room or slot that does not exist/);
    // What the socket commands refuse, an import refuses too.
    const events = await server.store.countEvents();
    const alter = (change: (data: EventExport) => void) => {
      const data = JSON.parse(text) as EventExport;
      change(data);
      return data;
    };
    for (const [name, data, pattern] of [
      ['two days on one date', alter((d) => d.days.push({ ...d.days[0]!, id: 'd-twin' })), /same date/],
      ['a room for nobody', alter((d) => (d.rooms[0]!.capacity = 0)), /capacity/],
      ['a room for 1e20', alter((d) => (d.rooms[0]!.capacity = 1e20)), /capacity/],
      ['a long room name', alter((d) => (d.rooms[0]!.name = 'R'.repeat(1900))), /name/],
      ['a long break name', alter((d) => (d.slots[0]!.label = 'P'.repeat(1900))), /label/],
      ['a slot that ends first', alter((d) => (d.slots[0]!.end = d.slots[0]!.start)), /ends before/],
      // The files the attacker of issue 11 imported, each of which left an event no page could draw.
      ['a day on 2026-99-99', alter((d) => (d.days[0]!.date = '2026-99-99')), /Invalid data\.days\.0\.date: must be a day of the calendar/],
      ['a day on 2026-02-31', alter((d) => (d.days[0]!.date = '2026-02-31')), /Invalid data\.days\.0\.date: must be a day of the calendar/],
      ['overlapping slots', alter((d) => (d.slots[0]!.end = '11:30')), /overlaps/],
      [
        'no session slot',
        alter((d) => ((d.slots = d.slots.filter((s) => s.kind === 'break')), (d.placements = []), (d.blocked = []))),
        /at least one session slot/,
      ],
      [
        'a withdrawn session placed',
        alter((d) => d.placements.push({ sessionId: d.sessions[2]!.id, roomId: d.rooms[1]!.id, slotId: d.slots[1]!.id })),
        /withdrawn but placed/,
      ],
      ['one session in two rooms', alter((d) => d.placements.push({ ...d.placements[0]!, roomId: d.rooms[1]!.id })), /placed more than once/],
      ['a double session across lunch', alter((d) => (d.placements[1]!.slotId = d.slots.find((s) => s.start === '13:00')!.id)), /placed more than once/],
      ['a placement in a blocked cell', alter((d) => d.placements.push({ sessionId: d.sessions[1]!.id, ...d.blocked[0]! })), /blocked cell/],
      [
        'a blocked cell in a break',
        alter((d) => d.blocked.push({ roomId: d.rooms[0]!.id, slotId: d.slots.find((s) => s.kind === 'break')!.id })),
        /break .* is blocked/,
      ],
      ['capacity 2^53+2', alter((d) => (d.rooms[0]!.capacity = 2 ** 53 + 2)), /capacity/],
    ] as const) {
      const answer = await post(`${server.url}/api/events/import`, { data });
      expect(answer.status, name).toBe(400);
      expect((await answer.json()).error.message, name).toMatch(pattern);
    }
    expect(await server.store.countEvents()).toBe(events);
  });
});

describe('rotating the facilitator key', () => {
  it('old links stop working; other facilitator screens are told and disconnected; the rotating one goes on', async () => {
    server = await startTestServer();
    const rotating = await connectClient(server.url, { event: server.slug, key: server.key });
    const other = await connectClient(server.url, { event: server.slug, key: server.key });
    const attendee = await connectClient(server.url, { event: server.slug });
    const told = new Promise<void>((resolve) => other.socket.once('facilitator:revoked', () => resolve()));
    const gone = new Promise<string>((resolve) => other.socket.once('disconnect', (reason) => resolve(reason)));

    const ack = await rotating.send<{ key: string }>('event:rotate-key', {});
    expect(ack.ok).toBe(true);
    const newKey = ack.ok ? ack.data!.key : '';
    expect(newKey).not.toBe(server.key);
    await told;
    expect(await gone).toBe('io server disconnect');
    expect(attendee.socket.connected).toBe(true);
    expect(JSON.stringify(attendee.broadcasts)).not.toContain(newKey);

    expect(await rotating.send('room:add', { name: 'Still allowed' })).toMatchObject({ ok: true });
    expect((await refusalOf(server.url, { event: server.slug, key: server.key })).data).toMatchObject({ code: 'unauthorized' });
    const fresh = await connectClient(server.url, { event: server.slug, key: newKey });
    expect(await fresh.send('room:add', { name: 'New key works' })).toMatchObject({ ok: true });
    expect(await attendee.send('event:rotate-key', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const c of [rotating, other, attendee, fresh]) c.close();
  });
});
