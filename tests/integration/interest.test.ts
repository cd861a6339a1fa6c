// "Interested" on phones through a real server (docs/protocol.md, "Interest: hands and phones"):
// counted once per device, taken back, refused where it makes no sense, kept in the file, told to
// the event's other screens a few times a second; and no change of the plan.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { createEvent } from '../../server/create-event.ts';
import { DEFAULT_LIMITS } from '../../server/rate-limit.ts';
import { ANNOUNCE_EVERY_MS } from '../../server/taps.ts';
import type { Ack, HistoryPage, Snapshot } from '../../shared/protocol.ts';
import { serverPerFile } from '../helpers/server-per-file.ts';
import { connectClient, startTestServer, syncedBoard, TEST_EVENT, type TestClient, type TestServer } from '../helpers/server.ts';

const tests = serverPerFile();

type Taps = Record<string, number>;
const tap = (client: TestClient, sessionId: string, interested = true, extra: object = {}) =>
  client.send<{ taps: Taps }>('session:interested', { sessionId, interested, ...extra });
const counted = (version: number, sessionId: string, count: number): Ack<{ taps: Taps }> => ({ ok: true, version, data: { taps: { [sessionId]: count } } });

/** Every session:taps a client hears from now on. */
function hearTaps(client: TestClient): Array<{ taps: Taps }> {
  const heard: Array<{ taps: Taps }> = [];
  client.socket.on('session:taps', (update: { taps: Taps }) => heard.push(update));
  return heard;
}

describe('session:interested', () => {
  it('counts a device once however often and from however many tabs, two devices twice, and a tap taken back once', async () => {
    const server = tests.server;
    const anna = await tests.client(undefined, 'anna-phone-000001');
    const annaOtherTab = await tests.client(undefined, 'anna-phone-000001');
    const ben = await tests.client();
    const [s1, s2] = anna.snapshot.board.sessions.map((s) => s.id) as [string, string];

    expect(await tap(anna, s1)).toEqual(counted(0, s1, 1));
    // Kept under a hash of the device id, never the id itself.
    const stored = (await server.rows('SELECT device FROM session_taps')) as Array<{ device: string }>;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.device).not.toContain('anna-phone');
    expect(await tap(anna, s1, true, { commandId: 'tap-1' })).toEqual(counted(0, s1, 1));
    expect(await tap(annaOtherTab, s1)).toEqual(counted(0, s1, 1));
    expect(await tap(ben, s1)).toEqual(counted(0, s1, 2));
    expect(await tap(ben, s2)).toEqual(counted(0, s2, 1));
    expect(await tap(anna, s1, false)).toEqual(counted(0, s1, 1));
    expect(await tap(annaOtherTab, s1, false)).toEqual(counted(0, s1, 1));
    expect((await syncedBoard(ben)).sessions.map((s) => s.taps)).toEqual([1, 1, 0]);
    // A facilitator's change after it has the next version: the taps took none.
    const boss = await tests.client(server.key);
    expect(await boss.send('session:interest', { sessionId: s2, interest: 4 })).toEqual({ ok: true, version: 1 });
    expect(await tap(anna, s2)).toEqual(counted(1, s2, 2));
  });

  it('is no change of the plan: no version, no board:events, no line in the history, nothing to undo', async () => {
    const server = tests.server;
    const boss = await tests.client(server.key);
    const phones = [await tests.client(), await tests.client()];
    const [s1] = boss.snapshot.board.sessions;
    for (const phone of phones) expect(await tap(phone, s1!.id)).toMatchObject({ ok: true, version: 0 });
    const eventId = (await server.store.findEvent(server.slug))!.id;
    expect((await server.store.findEvent(server.slug))!.version).toBe(0);
    expect(await server.store.logVersions(eventId)).toEqual([]);
    const history = await boss.send<HistoryPage>('board:history', {});
    expect(history).toMatchObject({ ok: true, version: 0, data: { entries: [], canUndo: false } });
    expect(await boss.send('board:undo', {})).toMatchObject({ ok: false, error: { message: 'There is nothing to undo.' } });
    expect(await boss.send('board:ping', {})).toMatchObject({ version: 0 });
    for (const client of [boss, ...phones]) expect(client.broadcasts).toEqual([]);
  });

  it('is refused without a device id, to the facilitator, for a withdrawn or unknown session and when malformed; hands stay the facilitator’s', async () => {
    const server = tests.server;
    const boss = await tests.client(server.key);
    const phone = await tests.client();
    const [s1, , s3] = boss.snapshot.board.sessions.map((s) => s.id) as [string, string, string];
    expect(await boss.send('session:withdraw', { sessionId: s3 })).toMatchObject({ ok: true });

    const anonymous = connect(server.url, { auth: { event: server.slug }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      await new Promise((resolve) => anonymous.once('board:snapshot', resolve));
      const refused = (await anonymous.timeout(5000).emitWithAck('session:interested', { sessionId: s1, interested: true })) as Ack;
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      anonymous.disconnect();
    }
    expect(await tap(boss, s1)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await tap(phone, s3)).toMatchObject({ ok: false, error: { code: 'invalid', message: 'A withdrawn session takes no interest.' } });
    expect(await tap(phone, 's_nope')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    for (const payload of [
      { sessionId: s1, interested: 'yes' },
      { sessionId: s1 },
      { interested: true },
      { sessionId: s1, interested: true, extra: 1 },
      'tap',
    ]) {
      expect(await phone.send('session:interested', payload), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(await phone.send('session:interest', { sessionId: s1, interest: 5 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const board = await syncedBoard(boss);
    expect(board.sessions.map((s) => [s.interest, s.taps])).toEqual([
      [null, 0],
      [null, 0],
      [null, 0],
    ]);
    expect((await server.store.findEvent(server.slug))!.version).toBe(1);
  });

  it("holds a phone to its budget of taps (rate_limited); another phone and the phone's other commands go on", async () => {
    await tests.ownServer({ limits: { ...DEFAULT_LIMITS, tapsPerDevice: { burst: 3, perSecond: 0.001 } } });
    const phone = await tests.client();
    const other = await tests.client();
    const [s1] = phone.snapshot.board.sessions;
    const acks = [];
    for (const interested of [true, false, true, false]) acks.push(await tap(phone, s1!.id, interested));
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, true, false]);
    expect(acks[3]).toEqual({
      ok: false,
      error: { code: 'rate_limited', reason: 'too_many_requests', message: 'Too many taps from this device. Please wait a few seconds.' },
    });
    expect(await tap(other, s1!.id)).toEqual(counted(0, s1!.id, 2));
    expect(await phone.send('board:ping', {})).toMatchObject({ ok: true });
  });

  it("counts every phone behind one address (a venue's NAT) as its own, within the address's budget of taps", async () => {
    // Past the budget of new device ids the phones share one device's other limits; their taps still count each.
    await tests.ownServer({
      limits: { ...DEFAULT_LIMITS, newDevicesPerAddress: { burst: 2, perSecond: 0.001 }, tapsPerAddress: { burst: 5, perSecond: 0.001 } },
    });
    const phones = [];
    for (let i = 1; i <= 4; i++) phones.push(await tests.client(undefined, `venue-phone-${i}`.padEnd(16, '0')));
    const s1 = phones[0]!.snapshot.board.sessions[0]!.id;
    const counts = [];
    for (const phone of phones) counts.push(((await tap(phone, s1)) as { data: { taps: Taps } }).data.taps[s1]);
    expect(counts).toEqual([1, 2, 3, 4]);
    // The address's fifth tap is taken, its sixth is not.
    expect(await tap(phones[0]!, s1, false)).toEqual(counted(0, s1, 3));
    expect(await tap(phones[1]!, s1, false)).toEqual({
      ok: false,
      error: { code: 'rate_limited', reason: 'too_many_requests', message: 'Too many taps from this network right now. Please wait a few seconds.' },
    });
  });

  it("gives each phone behind one address its own budget of taps, also past the address's budget of new device ids", async () => {
    // Past one new id, the phones share one device's other limits; each still has its own single tap.
    await tests.ownServer({
      limits: { ...DEFAULT_LIMITS, newDevicesPerAddress: { burst: 1, perSecond: 0.001 }, tapsPerDevice: { burst: 1, perSecond: 0.001 } },
    });
    const phones = [];
    for (let i = 1; i <= 3; i++) phones.push(await tests.client(undefined, `shared-phone-${i}`.padEnd(16, '0')));
    const s1 = phones[0]!.snapshot.board.sessions[0]!.id;
    const acks = [];
    for (const phone of phones) acks.push(await tap(phone, s1));
    expect(acks).toEqual([counted(0, s1, 1), counted(0, s1, 2), counted(0, s1, 3)]);
    // Each phone's one tap is spent, the third's too, though it shares its other limits.
    expect(await tap(phones[2]!, s1, false)).toEqual({
      ok: false,
      error: { code: 'rate_limited', reason: 'too_many_requests', message: 'Too many taps from this device. Please wait a few seconds.' },
    });
  });

  it('tells every screen of a crowd the new count, not only the first hundred', async () => {
    const server = tests.server;
    const crowd = Array.from({ length: 230 }, () =>
      connect(server.url, { auth: { event: server.slug }, transports: ['websocket'], reconnection: false, forceNew: true }),
    );
    try {
      await Promise.all(crowd.map((screen) => new Promise((resolve) => screen.once('board:snapshot', resolve))));
      const heard = crowd.map((screen) => {
        const told: Taps[] = [];
        screen.on('session:taps', ({ taps }: { taps: Taps }) => told.push(taps));
        return told;
      });
      const phone = await tests.client();
      const s1 = phone.snapshot.board.sessions[0]!.id;
      expect(await tap(phone, s1)).toEqual(counted(0, s1, 1));
      // 231 screens: told a hundred at a time, the last 31 too.
      await expect.poll(() => heard.filter((told) => told.length > 0).length, { timeout: 10_000 }).toBe(crowd.length);
      // Each once: an answer that comes after anything else sent meanwhile says nothing more came.
      await Promise.all([crowd[0]!, crowd.at(-1)!].map((screen) => screen.timeout(5_000).emitWithAck('board:ping', {})));
      expect(heard.every((told) => told.length === 1 && told[0]![s1] === 1)).toBe(true);
    } finally {
      crowd.forEach((screen) => screen.disconnect());
    }
  });

  it("tells the event's other screens the new count as session:taps, a burst of taps in one or two, and no other event's screens", async () => {
    const server = tests.server;
    const other = await createEvent(server.store, { ...TEST_EVENT, title: 'Anderes Barcamp', slug: 'anderes' });
    const elsewhere = await connectClient(server.url, { event: other.slug });
    try {
      const beamer = await tests.client();
      const boss = await tests.client(server.key);
      const [heard, bossHeard, heardElsewhere] = [hearTaps(beamer), hearTaps(boss), hearTaps(elsewhere)];
      const s1 = beamer.snapshot.board.sessions[0]!.id;
      const first = await tests.client();
      expect(await tap(first, s1)).toMatchObject({ ok: true });
      await expect.poll(() => heard).toEqual([{ taps: { [s1]: 1 } }]);
      await expect.poll(() => bossHeard).toEqual([{ taps: { [s1]: 1 } }]);

      // Five phones one after another, each acked before the next taps: a batch (and a new count) each.
      const phones = await Promise.all([1, 2, 3, 4, 5].map(() => tests.client()));
      heard.length = 0;
      const start = performance.now();
      for (const [i, phone] of phones.entries()) expect(await tap(phone, s1)).toEqual(counted(0, s1, i + 2));
      const took = performance.now() - start;
      await expect.poll(() => heard.at(-1)).toEqual({ taps: { [s1]: 6 } });
      // One emission at the first count, then at most one per 250 ms: two for a burst shorter
      // than that (a busy machine may stretch the burst itself; five batches never make five).
      expect(heard.length).toBeLessThanOrEqual(1 + Math.ceil(took / ANNOUNCE_EVERY_MS));
      expect(heardElsewhere).toEqual([]);
    } finally {
      elsewhere.close();
    }
  });

  it('puts counts still waiting to be told into the next change that goes out, instead of a message of their own', async () => {
    // Counts are told at most once a minute here, so that the second count surely waits for the change.
    const server = await tests.ownServer({ limits: { ...DEFAULT_LIMITS, tapCountsEveryMs: 60_000 } });
    const beamer = await tests.client();
    const boss = await tests.client(server.key);
    const [anna, ben] = [await tests.client(), await tests.client()];
    const heard = hearTaps(beamer);
    const { board } = beamer.snapshot;
    const s1 = board.sessions[0]!.id;
    expect(await tap(anna, s1)).toMatchObject({ ok: true });
    await expect.poll(() => heard).toEqual([{ taps: { [s1]: 1 } }]);
    expect(await tap(ben, s1)).toMatchObject({ ok: true });
    const placed = await boss.send('session:place', { sessionId: board.sessions[1]!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id });
    await beamer.waitForVersion((placed as { version: number }).version);
    expect(beamer.broadcasts.at(-1)!.taps).toEqual({ [s1]: 2 });
    expect(heard).toEqual([{ taps: { [s1]: 1 } }]);
  });
});

describe('taps in the file', () => {
  it('are in every fresh snapshot and the board over HTTP, and still after a restart on the same file, where a device still counts once', async () => {
    const first: TestServer = await startTestServer();
    const { slug, dbFile } = first;
    const dir = path.dirname(dbFile);
    const clients: TestClient[] = [];
    const phone = async (url: string, device?: string) => {
      const client = await connectClient(url, { event: slug, device });
      clients.push(client);
      return client;
    };
    /** What closes the server running now. */
    let stop = () => first.close();
    try {
      const anna = await phone(first.url, 'anna-phone-000001');
      const ben = await phone(first.url);
      const [s1, s2] = anna.snapshot.board.sessions.map((s) => s.id) as [string, string];
      expect(await tap(anna, s1)).toMatchObject({ ok: true });
      expect(await tap(ben, s1)).toMatchObject({ ok: true });
      expect(await tap(ben, s2)).toMatchObject({ ok: true });
      expect((await phone(first.url)).snapshot.board.sessions.map((s) => s.taps)).toEqual([2, 1, 0]);
      const http = (await (await fetch(`${first.url}/api/events/${slug}/board`)).json()) as Snapshot;
      expect(http.board.sessions.map((s) => s.taps)).toEqual([2, 1, 0]);

      // The server stops (its file stays) and starts again on the same file.
      clients.splice(0).forEach((client) => client.close());
      await first.app.close();
      const store = await first.reopen();
      stop = async () => {};
      const app = await buildApp({ store, clientDir: path.join(dir, 'no-client') });
      stop = async () => {
        await app.close();
        await store.close();
        // The first server's database (its file, or PostgreSQL's) goes with it.
        await first.close();
      };
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      expect((await phone(url)).snapshot.board.sessions.map((s) => s.taps)).toEqual([2, 1, 0]);
      const annaAgain = await phone(url, 'anna-phone-000001');
      expect(await tap(annaAgain, s1)).toEqual(counted(0, s1, 2));
      expect(await tap(annaAgain, s1, false)).toEqual(counted(0, s1, 1));
    } finally {
      clients.forEach((client) => client.close());
      await stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
