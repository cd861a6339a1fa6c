// A database that fails while the server runs (a full disk, damaged pages) costs the request or
// connection that met it an error, never the process; /healthz says what is wrong.
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { createEvent } from '../../server/create-event.ts';
import { CommandWriter } from '../../server/writer.ts';
import { capturedLog, connectClient, refusalOf, startTestServer, TEST_EVENT, type TestClient, type TestServer } from '../helpers/server.ts';
import { fakeBuild } from '../helpers/fake-build.ts';
import { de, en } from '../../client/lib/i18n/messages.ts';

let server: TestServer;
let log: ReturnType<typeof capturedLog>;
const clients: TestClient[] = [];
beforeEach(async () => {
  log = capturedLog();
  server = await startTestServer({ logger: log.logger });
});
afterEach(async () => {
  vi.restoreAllMocks();
  clients.splice(0).forEach((c) => c.close());
  await server.close();
});

async function health() {
  const response = await fetch(`${server.url}/healthz`);
  return { status: response.status, body: (await response.json()) as { ok: boolean; database: string } };
}

/** The errors the server logged: what failed, for which event, with the database's own word. */
const errorsLogged = () => log.lines.filter((line) => line.level >= 50).map(({ msg, event, err }) => ({ msg, event, code: err?.code }));

const newSession = (i: number) => ({ title: `Session ${i} über Flächennutzungspläne`, host: 'Anna', description: 'x'.repeat(2000) });

describe('a database that fails while serving', () => {
  it('a full disk: the change is refused as internal and not applied, /healthz says so until a write succeeds again', async () => {
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    clients.push(boss);
    expect(await health()).toEqual({ status: 200, body: { ok: true, database: 'ok' } });
    // No page more than the file has now: the next writes find the disk full.
    server.db!.pragma(`max_page_count = ${Number(server.db!.pragma('page_count', { simple: true }))}`);
    let refused: unknown;
    for (let i = 0; i < 50 && !refused; i++) {
      const ack = await boss.send('session:submit', newSession(i));
      if (!ack.ok) refused = ack;
    }
    expect(refused).toEqual({
      ok: false,
      error: { code: 'internal', reason: 'server_error', message: 'Something went wrong on the server. Please try again.' },
    });
    expect(errorsLogged()).toEqual([{ msg: 'command session:submit failed', event: server.slug, code: 'SQLITE_FULL' }]);
    const version = (await server.store.findEvent(server.slug))!.version;
    expect(await health()).toMatchObject({ status: 503, body: { ok: false, database: expect.stringMatching(/^SQLITE_FULL/) } });
    // Nothing half-written: the board the server hands out is the one in the file.
    const sync = (await boss.send<{ version: number }>('board:sync', {})) as { ok: true; data: { version: number } };
    expect(sync.data.version).toBe(version);

    server.db!.pragma('max_page_count = 1073741823');
    expect((await boss.send('session:submit', newSession(99))).ok).toBe(true);
    expect(await health()).toEqual({ status: 200, body: { ok: true, database: 'ok' } });
  });

  it('damaged pages met by a phone connecting: refused for now, other events go on, /healthz stays unhealthy', async () => {
    const other = await createEvent(server.store, { ...TEST_EVENT, slug: 'nebenan' });
    const damaged = new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT');
    const findEvent = SqliteStore.prototype.findEvent;
    vi.spyOn(SqliteStore.prototype, 'findEvent').mockImplementation(function (this: SqliteStore, slug: string) {
      if (slug === server.slug) throw damaged;
      return findEvent.call(this, slug);
    });
    const refusal = await refusalOf(server.url, { event: server.slug });
    expect(refusal.data).toEqual({ code: 'internal', message: 'The server cannot read its data right now. Please try again in a moment.' });
    expect(errorsLogged()).toEqual([{ msg: 'handshake failed', event: server.slug, code: 'SQLITE_CORRUPT' }]);
    const neighbour = await connectClient(server.url, { event: other.slug, key: other.key });
    clients.push(neighbour);
    expect((await neighbour.send('session:submit', newSession(1))).ok).toBe(true);
    // A write that succeeds elsewhere does not make a damaged file sound.
    expect(await health()).toMatchObject({ status: 503, body: { ok: false, database: 'SQLITE_CORRUPT: database disk image is malformed' } });
  });

  it('a board that cannot be read when a screen connects: that connection is dropped, the server goes on', async () => {
    const other = await createEvent(server.store, { ...TEST_EVENT, slug: 'nebenan' });
    vi.spyOn(SqliteStore.prototype, 'loadBoard').mockImplementation(() => {
      throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_READ');
    });
    const phone = connect(server.url, { auth: { event: other.slug }, transports: ['websocket'], reconnection: false, forceNew: true });
    const ended = await new Promise<string>((resolve) => {
      phone.once('board:snapshot', () => resolve('got a snapshot'));
      phone.once('disconnect', (reason) => resolve(reason));
    });
    // As a network drop: the client's own reconnecting (with its growing pause) takes over.
    expect(ended).toBe('transport close');
    expect(errorsLogged()).toEqual([{ msg: 'connection failed', event: other.slug, code: 'SQLITE_IOERR_READ' }]);
    expect(await health()).toMatchObject({ status: 503, body: { database: 'SQLITE_IOERR_READ: disk I/O error' } });
    vi.restoreAllMocks();
    // The event of the running server was loaded before: its screens are served as ever.
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    clients.push(boss);
    expect((await boss.send('session:submit', newSession(2))).ok).toBe(true);
    const later = await connectClient(server.url, { event: other.slug });
    clients.push(later);
    expect(later.snapshot.board.event.slug).toBe(other.slug);
  });

  it('a key check that cannot read the file: the open facilitator screen is told internal, the sweep tries again, the process goes on', async () => {
    await server.close();
    log = capturedLog();
    server = await startTestServer({ keyCheckMs: 50, logger: log.logger });
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    clients.push(boss);
    vi.spyOn(SqliteStore.prototype, 'findEvent').mockImplementation(() => {
      throw new Database.SqliteError('database is locked', 'SQLITE_BUSY');
    });
    // The sweep tries again (a throw from one would end this test process).
    await expect.poll(() => errorsLogged().filter((line) => line.msg === 'key check failed').length).toBeGreaterThan(1);
    const sessionId = boss.snapshot.board.sessions[0]!.id;
    expect(await boss.send('session:interest', { sessionId, interest: 3 })).toEqual({
      ok: false,
      error: { code: 'internal', reason: 'server_error', message: 'Something went wrong on the server. Please try again.' },
    });
    expect(await health()).toMatchObject({ status: 503, body: { database: 'SQLITE_BUSY: database is locked' } });
    const logged = errorsLogged();
    expect(logged.filter((line) => line.msg === 'key check failed').length).toBeGreaterThan(1);
    expect(new Set(logged.map((line) => JSON.stringify(line)))).toEqual(
      new Set([
        // The sweep goes over every event's screens: it names none.
        JSON.stringify({ msg: 'key check failed', code: 'SQLITE_BUSY' }),
        JSON.stringify({ msg: 'command session:interest failed', event: server.slug, code: 'SQLITE_BUSY' }),
      ]),
    );
    vi.restoreAllMocks();
    expect(await boss.send('session:interest', { sessionId, interest: 3 })).toMatchObject({ ok: true });
    expect(boss.socket.connected).toBe(true);
  });
});

describe('taps while the database fails', () => {
  const tap = (client: TestClient, sessionId: string) => client.send('session:interested', { sessionId, interested: true });

  it('a tap that cannot be written: refused as internal, logged, the next one counts', async () => {
    const phone = await connectClient(server.url, { event: server.slug });
    clients.push(phone);
    const sessionId = phone.snapshot.board.sessions[0]!.id;
    vi.spyOn(CommandWriter.prototype, 'recordTaps').mockImplementationOnce(() => {
      throw new Database.SqliteError('database is locked', 'SQLITE_BUSY');
    });
    expect(await tap(phone, sessionId)).toEqual({
      ok: false,
      error: { code: 'internal', reason: 'server_error', message: 'Something went wrong on the server. Please try again.' },
    });
    expect(errorsLogged()).toEqual([{ msg: 'recording taps failed', code: 'SQLITE_BUSY' }]);
    expect(await tap(phone, sessionId)).toMatchObject({ ok: true, data: { taps: { [sessionId]: 1 } } });
  });

  it('counts that cannot be read to tell the screens: logged, the tap itself stands, the server goes on', async () => {
    const [phone, beamer] = [await connectClient(server.url, { event: server.slug }), await connectClient(server.url, { event: server.slug })];
    clients.push(phone, beamer);
    const sessionId = phone.snapshot.board.sessions[0]!.id;
    const held = CommandWriter.prototype.held;
    vi.spyOn(CommandWriter.prototype, 'held').mockImplementation(function (this: CommandWriter, eventId: number) {
      const event = held.call(this, eventId);
      return (
        event && {
          ...event,
          taps: () => {
            throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_READ');
          },
        }
      );
    });
    expect(await tap(phone, sessionId)).toMatchObject({ ok: true, data: { taps: { [sessionId]: 1 } } });
    await expect.poll(errorsLogged).toEqual([{ msg: 'telling taps failed', code: 'SQLITE_IOERR_READ' }]);
    expect(await beamer.send('board:ping', {})).toMatchObject({ ok: true });
  });

  it('an event whose screens cannot be named (gone meanwhile): its counts go to nobody, nothing fails', async () => {
    const phone = await connectClient(server.url, { event: server.slug });
    clients.push(phone);
    const sessionId = phone.snapshot.board.sessions[0]!.id;
    const slugOf = vi.spyOn(CommandWriter.prototype, 'held').mockReturnValue(undefined);
    let heard = 0;
    phone.socket.on('session:taps', () => heard++);
    expect(await tap(phone, sessionId)).toMatchObject({ ok: true, data: { taps: { [sessionId]: 1 } } });
    // Asked how often to tell, and whom when telling.
    await expect.poll(() => slugOf.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(await phone.send('board:ping', {})).toMatchObject({ ok: true });
    expect([heard, errorsLogged()]).toEqual([0, []]);
  });
});

describe('an event whose stored data is damaged (a row whose JSON does not parse)', () => {
  /** Breaks one column of the test event's rows, as a hand, a tool or a bad disk could. */
  const damage = async (sql: string) => server.db!.prepare(sql).run((await server.store.findEvent(server.slug))!.id);
  const KAPUTT = '{"tags": [kaputt';

  it('/healthz says which event (503, nothing of the row); every page and feed of it says a sentence in its language; others go on', async () => {
    const build = fakeBuild();
    await server.close();
    log = capturedLog();
    server = await startTestServer({ clientDir: build.client, logger: log.logger });
    const other = await createEvent(server.store, { ...TEST_EVENT, slug: 'nebenan' });
    await damage(`UPDATE sessions SET tags = '${KAPUTT}' WHERE event_id = ?`);
    try {
      const page = async (address: string, language: string) => {
        const response = await fetch(`${server.url}${address}`, { headers: { 'accept-language': language } });
        return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
      };
      for (const address of ['/e/testcamp', '/e/testcamp/board', '/e/testcamp/beamer', '/e/testcamp/room/r1', '/e/testcamp/print', '/e/testcamp/pitch']) {
        for (const [language, texts] of [
          ['de-DE,de;q=0.9', de],
          ['en-GB,en;q=0.8', en],
        ] as const) {
          const answer = await page(address, language);
          expect(answer, address).toMatchObject({ status: 503, type: 'text/html; charset=utf-8' });
          expect(answer.text, address).toContain(`<p>${texts['damaged.text']}</p>`);
          expect(answer.text, address).toContain(`<html lang="${language.slice(0, 2)}">`);
          expect(answer.text, address).not.toContain('kaputt');
        }
      }
      for (const feed of ['plan.ics', 'sessions.csv', 'sessions.xlsx', 'rooms/r1.ics', 'sessions/s1.ics']) {
        const answer = await page(`/api/events/testcamp/${feed}`, 'de');
        expect(answer, feed).toEqual({ status: 503, type: 'text/plain; charset=utf-8', text: `${de['damaged.text']}\n` });
      }
      expect(await page('/api/events/testcamp/board', 'en')).toEqual({
        status: 503,
        type: 'application/json; charset=utf-8',
        text: JSON.stringify({ error: { code: 'internal', reason: 'damaged', message: en['damaged.text'] } }),
      });
      const refusal = await refusalOf(server.url, { event: server.slug });
      expect(refusal.data).toEqual({ code: 'internal', message: en['damaged.text'], reason: 'damaged' });
      expect(errorsLogged()).toContainEqual({ msg: 'handshake failed', event: server.slug });

      // The other event is served as ever.
      expect((await page(`/e/${other.slug}`, 'de')).status).toBe(200);
      expect((await page(`/api/events/${other.slug}/board`, 'de')).status).toBe(200);
      const neighbour = await connectClient(server.url, { event: other.slug, key: other.key });
      clients.push(neighbour);
      expect((await neighbour.send('session:submit', newSession(1))).ok).toBe(true);

      const healthz = await fetch(`${server.url}/healthz`);
      const body = await healthz.text();
      expect(healthz.status).toBe(503);
      expect(JSON.parse(body)).toEqual({
        ok: false,
        database: 'damaged data in event "testcamp" (sessions.tags of a row is not valid JSON)',
        events: ['testcamp'],
      });
      expect(body).not.toContain('kaputt');
      expect(JSON.stringify(log.lines)).not.toContain('kaputt');
    } finally {
      build.remove();
    }
  });

  it('a damaged row of the log: a screen that reconnects gets the whole board instead of the changes, /healthz names the event', async () => {
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    clients.push(boss);
    expect((await boss.send('session:submit', newSession(1))).ok).toBe(true);
    expect(await health()).toEqual({ status: 200, body: { ok: true, database: 'ok' } });
    await damage(`UPDATE event_log SET events = '${KAPUTT}' WHERE event_id = ? AND version = 1`);
    const phone = connect(server.url, { auth: { event: server.slug, version: 0 }, transports: ['websocket'], reconnection: false, forceNew: true });
    const first = await new Promise<unknown>((resolve) => {
      phone.once('board:snapshot', (snapshot: { version: number }) => resolve({ snapshot: snapshot.version }));
      phone.once('board:events', () => resolve('changes'));
      phone.once('disconnect', (reason) => resolve(reason));
    });
    phone.close();
    expect(first).toEqual({ snapshot: 1 });
    expect(errorsLogged()).toEqual([{ msg: 'catching up failed', event: server.slug }]);
    expect(await health()).toMatchObject({
      status: 503,
      body: { ok: false, database: 'damaged data in event "testcamp" (event_log.events of a row is not valid JSON)', events: ['testcamp'] },
    });
  });

  it('a log that cannot be read (not damaged) when a screen comes back: that connection is dropped, not served a snapshot', async () => {
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    clients.push(boss);
    expect((await boss.send('session:submit', newSession(1))).ok).toBe(true);
    vi.spyOn(CommandWriter.prototype, 'catchUp').mockImplementation(() => {
      throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_READ');
    });
    const phone = connect(server.url, { auth: { event: server.slug, version: 0 }, transports: ['websocket'], reconnection: false, forceNew: true });
    const first = await new Promise<unknown>((resolve) => {
      phone.once('board:snapshot', () => resolve('got a snapshot'));
      phone.once('board:events', () => resolve('changes'));
      phone.once('disconnect', (reason) => resolve(reason));
    });
    phone.close();
    // As a network drop: the client tries again with its growing pause.
    expect(first).toBe('transport close');
    expect(errorsLogged()).toEqual([{ msg: 'connection failed', event: server.slug, code: 'SQLITE_IOERR_READ' }]);
  });
});
