// The HTTP server as a whole (server/app.ts): what it compresses, how often an address may call
// each route, slow clients cut off, and old events deleted as it starts.
import net from 'node:net';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { buildApp } from '../../server/app.ts';
import { createEvent } from '../../server/create-event.ts';
import { DEFAULT_LIMITS } from '../../server/rate-limit.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { capturedLog, connectClient, startTestServer, tempDir, TEST_EVENT } from '../helpers/server.ts';

describe('answers of the API', () => {
  it('go out compressed, brotli before gzip, when they are bigger than 1 KB', async () => {
    const server = await startTestServer();
    try {
      const board = `${server.url}/api/events/${server.slug}/board`;
      const plain = await rawRequest('GET', board);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.length).toBeGreaterThan(1024);
      const br = await rawRequest('GET', board, { 'accept-encoding': 'gzip, br' });
      expect(br.headers['content-encoding']).toBe('br');
      // The same board (each answer says the server's clock of its own moment).
      const boardOf = (json: Buffer) => (JSON.parse(json.toString()) as { board: unknown }).board;
      expect(boardOf(brotliDecompressSync(br.body))).toEqual(boardOf(plain.body));
      const gzip = await rawRequest('GET', board, { 'accept-encoding': 'gzip, deflate' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(boardOf(gunzipSync(gzip.body))).toEqual(boardOf(plain.body));
      // Deflate alone is not offered: every browser takes one of the two.
      expect((await rawRequest('GET', board, { 'accept-encoding': 'deflate' })).headers['content-encoding']).toBeUndefined();
      // A small answer is not worth it.
      const config = await rawRequest('GET', `${server.url}/api/config`, { 'accept-encoding': 'gzip, br' });
      expect(config.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(config.body.toString())).toEqual({ createNeedsToken: false, pushKey: expect.any(String) });
    } finally {
      await server.close();
    }
  });
});

describe('what the server says of itself', () => {
  it('answers a board tagged by its version, compressed once for every client, and 304 to one that has it', async () => {
    const server = await startTestServer();
    try {
      const url = `${server.url}/api/events/${server.slug}/board`;
      const eventId = (await server.store.findEvent(server.slug))!.id;
      const raw = (headers: Record<string, string>) => rawRequest('GET', url, headers);
      const plain = await raw({});
      expect(plain.headers).toMatchObject({ etag: `"${eventId}-0"`, 'cache-control': 'no-cache', vary: 'accept-encoding' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(Math.abs(Number(plain.headers['x-server-time']) - Date.now())).toBeLessThan(60_000);
      const text = plain.body.toString();
      expect(JSON.parse(text)).toMatchObject({ version: 0, board: { event: { slug: server.slug } } });
      const br = await raw({ 'accept-encoding': 'gzip, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body).toString()).toBe(text);
      const gzip = await raw({ 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).toString()).toBe(text);
      // A screen that has the version is told so in a few bytes.
      const same = await raw({ 'if-none-match': `"${eventId}-0"` });
      expect({ status: same.status, length: same.body.length, etag: same.headers.etag }).toEqual({ status: 304, length: 0, etag: `"${eventId}-0"` });
      // After a change the tag is the new version's, and an old tag gets the whole board.
      const boss = await connectClient(server.url, { event: server.slug, key: server.key });
      expect(await boss.send('session:submit', { title: 'Neu dabei', host: 'Ana' })).toMatchObject({ ok: true, version: 1 });
      boss.close();
      const changed = await raw({ 'if-none-match': `"${eventId}-0"` });
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).toBe(`"${eventId}-1"`);
      expect(JSON.parse(changed.body.toString()).board.sessions.map((s: { title: string }) => s.title)).toContain('Neu dabei');
      // A phone's tap makes no version, yet the next board holds it.
      const phone = await connectClient(server.url, { event: server.slug });
      const sessionId = phone.snapshot.board.sessions[0]!.id;
      expect(await phone.send('session:interested', { sessionId, interested: true })).toMatchObject({ ok: true });
      phone.close();
      const tapped = await raw({ 'accept-encoding': 'br' });
      expect(tapped.headers.etag).toBe(`"${eventId}-1"`);
      expect(JSON.parse(brotliDecompressSync(tapped.body).toString()).board.sessions.find((s: { id: string }) => s.id === sessionId).taps).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('is never kept by a cache: its health, its addresses and a board', async () => {
    const server = await startTestServer();
    try {
      for (const route of ['/healthz', '/api/addresses']) {
        const answer = await fetch(`${server.url}${route}`);
        expect({ route, status: answer.status, cache: answer.headers.get('cache-control') }).toEqual({ route, status: 200, cache: 'no-store' });
      }
      // A board may be kept, but is asked for again each time: its tag names the version.
      const board = await fetch(`${server.url}/api/events/${server.slug}/board`);
      expect(board.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(board.headers.get('cache-control')).toBe('no-cache');
      const unknown = await fetch(`${server.url}/api/events/no-such-camp/board`);
      expect({ status: unknown.status, body: await unknown.json() }).toEqual({
        status: 404,
        body: { error: { code: 'not_found', reason: 'no_such', message: 'There is no event "no-such-camp".', field: 'event' } },
      });
    } finally {
      await server.close();
    }
  });
});

describe('how often one address may call a route', () => {
  it('20 at once (then one every 3 s) to create or export an event, 600 at once (then 10 a second) to read a board or a plan file, 300 (then 5 a second) to tell a feed its stars; then 429 with a JSON error', async () => {
    const server = await startTestServer();
    try {
      const routes: Array<[string, RequestInit, { burst: number; perSecond: number }]> = [
        // Refused bodies: they cost nothing of the event budgets, only of the route's own limit.
        ['/api/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, DEFAULT_LIMITS.requestsPerAddress.events],
        [`/api/events/${server.slug}/export.json`, {}, DEFAULT_LIMITS.requestsPerAddress.events],
        [`/api/events/${server.slug}/board`, {}, DEFAULT_LIMITS.requestsPerAddress.reads],
        [`/api/events/${server.slug}/plan.ics`, {}, DEFAULT_LIMITS.requestsPerAddress.reads],
        [`/api/events/${server.slug}/my/${'f'.repeat(22)}.ics`, {}, DEFAULT_LIMITS.requestsPerAddress.reads],
        [
          `/api/events/${server.slug}/my/${'f'.repeat(22)}`,
          { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"sessions":[]}' },
          DEFAULT_LIMITS.requestsPerAddress.stars,
        ],
      ];
      expect(DEFAULT_LIMITS.requestsPerAddress).toEqual({
        events: { burst: 20, perSecond: 20 / 60 },
        reads: { burst: 600, perSecond: 10 },
        stars: { burst: 300, perSecond: 5 },
      });
      for (const [route, init, { burst, perSecond }] of routes) {
        const started = Date.now();
        const statuses = new Set<number>();
        for (let i = 0; i < burst; i++) statuses.add((await fetch(`${server.url}${route}`, init)).status);
        expect(statuses.has(429), route).toBe(false);
        // What came back meanwhile is let through; then the route refuses.
        let extra = 0;
        let refused = await fetch(`${server.url}${route}`, init);
        while (refused.status !== 429 && extra < burst) {
          extra++;
          refused = await fetch(`${server.url}${route}`, init);
        }
        expect(extra, route).toBeLessThanOrEqual(Math.ceil(((Date.now() - started) / 1000) * perSecond));
        expect(refused.status, route).toBe(429);
        expect(refused.headers.get('retry-after'), route).toBe(String(Math.ceil(1 / perSecond)));
        expect(await refused.json(), route).toEqual({
          error: { code: 'rate_limited', reason: 'too_many_requests', message: 'Too many requests. Please wait a minute.' },
        });
      }
      // Other routes are not limited: 150 phones behind one venue address must load.
      const statuses = new Set<number>();
      for (let i = 0; i < 1_050; i++) statuses.add((await fetch(`${server.url}/api/config`)).status);
      expect([...statuses]).toEqual([200]);
    } finally {
      await server.close();
    }
  });
});

describe('an error in a route', () => {
  /** The app with routes that fail as told, and its log lines. */
  async function failingApp() {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'x.db'));
    const { logger, lines } = capturedLog();
    const app = await buildApp({ store: new SqliteStore(db), clientDir: path.join(dir, 'none'), logger });
    app.get('/fails/:status', async (request) => {
      const status = Number((request.params as { status: string }).status);
      throw Object.assign(new Error(`failed with ${status} (inner detail)`), status ? { statusCode: status } : {});
    });
    app.get('/fails-in-the-database', async () => {
      db.prepare('INSERT INTO no_such_table VALUES (1)').run();
    });
    return { app, db, lines, close: async () => (await app.close(), db.close(), rmSync(dir, { recursive: true, force: true })) };
  }

  it('is the sender’s when its status says so (4xx), with the word for it; anything else a 500 that says nothing more', async () => {
    const { app, lines, close } = await failingApp();
    try {
      for (const [status, code, reason] of [
        [401, 'unauthorized', 'wrong_key'],
        [403, 'forbidden', 'facilitator_only'],
        [404, 'not_found', 'no_such'],
        [409, 'invalid', 'bad_format'],
        [400, 'invalid', 'bad_format'],
        [413, 'invalid', 'too_big'],
      ] as const) {
        const answer = await app.inject({ url: `/fails/${status}` });
        expect({ status: answer.statusCode, body: answer.json() }).toEqual({
          status,
          body: { error: { code, reason, message: `failed with ${status} (inner detail)` } },
        });
      }
      expect(lines.filter((line) => line.msg === 'request failed')).toEqual([]);
      for (const status of [0, 500, 503]) {
        const answer = await app.inject({ url: `/fails/${status}` });
        expect({ status: answer.statusCode, body: answer.json() }).toEqual({
          status: 500,
          body: { error: { code: 'internal', reason: 'server_error', message: 'Something went wrong on the server.' } },
        });
      }
      // The detail goes to the log, for whoever runs the server.
      expect(lines.filter((line) => line.msg === 'request failed').map((line) => line.err?.message)).toEqual([
        'failed with 0 (inner detail)',
        'failed with 500 (inner detail)',
        'failed with 503 (inner detail)',
      ]);
      // Those were no database failures: the health check still says so.
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await close();
    }
  });

  it('met in the database shows in the health check', async () => {
    const { app, close } = await failingApp();
    try {
      expect((await app.inject({ url: '/fails-in-the-database' })).statusCode).toBe(500);
      const health = await app.inject({ url: '/healthz' });
      expect({ status: health.statusCode, body: health.json() }).toEqual({
        status: 503,
        body: { ok: false, database: 'SQLITE_ERROR: no such table: no_such_table' },
      });
    } finally {
      await close();
    }
  });
});

describe('old events', () => {
  it('are deleted as the server starts, which its log says', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'old.db'));
    const store = new SqliteStore(db);
    await createEvent(store, { ...TEST_EVENT, slug: 'tried-long-ago', dates: ['2020-01-01'] }, new Date('2020-01-01T10:00:00Z'));
    await createEvent(store, { ...TEST_EVENT, slug: 'tried-today' });
    const { logger, lines } = capturedLog();
    const app = await buildApp({ store: new SqliteStore(db), clientDir: path.join(dir, 'none'), logger });
    try {
      expect(await store.findEvent('tried-long-ago')).toBeDefined();
      await app.ready();
      expect(await store.findEvent('tried-long-ago')).toBeUndefined();
      expect(await store.findEvent('tried-today')).toBeDefined();
      expect(lines.filter((line) => line.msg === 'deleted old events')).toMatchObject([{ events: 1 }]);
    } finally {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('that cannot be looked for do not keep the server from starting: it says so in its log', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'gone.db'));
    const { logger, lines } = capturedLog();
    const app = await buildApp({ store: new SqliteStore(db), clientDir: path.join(dir, 'none'), logger });
    db.close();
    try {
      await app.ready();
      expect(lines.filter((line) => line.msg === 'deleting old events failed')).toMatchObject([{ err: { message: expect.any(String) } }]);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stopping the server', () => {
  it('does not wait for a client that is still sending its request', async () => {
    const server = await startTestServer({ httpTimeouts: { headersMs: 60_000, requestMs: 120_000 } });
    const hanging = net.connect(Number(new URL(server.url).port), '127.0.0.1', () => hanging.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
    hanging.on('error', () => {});
    await new Promise((resolve) => hanging.once('connect', resolve));
    const closed = await Promise.race([server.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(closed).toBe('closed');
    hanging.destroy();
  });
});

describe('slow clients', () => {
  it('have 10 seconds for their headers and 30 for their whole request, unless told otherwise', async () => {
    const server = await startTestServer();
    try {
      expect({ headers: server.app.server.headersTimeout, request: server.app.server.requestTimeout }).toEqual({ headers: 10_000, request: 30_000 });
    } finally {
      await server.close();
    }
  });

  /** Sends `head` and then `drip` a byte every 100 ms; resolves with what came back and after how long the server hung up. */
  function slowRequest(url: string, head: string, drip: string): Promise<{ answer: string; afterMs: number }> {
    const started = performance.now();
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () => socket.write(head));
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => socket.writable && socket.write(drip[sent++ % drip.length]!), 100);
    socket.on('data', (chunk) => (answer += chunk));
    return new Promise((resolve) => {
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, afterMs: performance.now() - started });
      });
    });
  }

  it('are cut off when their headers or their body take too long, while the server goes on serving', async () => {
    const strict = await startTestServer({ httpTimeouts: { headersMs: 1000, requestMs: 2000 } });
    try {
      const [headers, body] = await Promise.all([
        slowRequest(strict.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X'),
        slowRequest(strict.url, 'POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"title":"', 'a'),
      ]);
      expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
      expect(headers.afterMs).toBeLessThan(4000);
      expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
      expect(body.afterMs).toBeLessThan(5000);
      expect((await fetch(`${strict.url}/healthz`)).status).toBe(200);
      expect(await strict.store.countEvents()).toBe(1);
    } finally {
      await strict.close();
    }
  });
});
