// A reconnecting client says which version it has and gets only the changes it missed.
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import type { Board } from '../../shared/board.ts';
import type { EventsBroadcast, Snapshot } from '../../shared/protocol.ts';
import { createEvent } from '../../server/create-event.ts';
import { MAX_CATCH_UP, MAX_SOCKET_BOARD_BYTES } from '../../server/writer.ts';
import { connectClient, refusalOf, TEST_EVENT, type TestClient } from '../helpers/server.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';
import { FACILITATOR_BUDGETS, lifted } from '../helpers/rate-limits.ts';

// Hundreds of changes in a second: faster than a person, so past the facilitator's limit.
const file = serverPerFile({ limits: lifted(...FACILITATOR_BUDGETS) });
let server: EventOnServer;
let boss: TestClient;
const sockets: Socket[] = [];
beforeEach(async () => {
  server = file.server;
  boss = await file.client(server.key);
});
afterEach(() => {
  sockets.splice(0).forEach((socket) => socket.disconnect());
});

/** Connects with `auth` and collects what the server sends in the first moments. */
async function reconnect(
  auth: Record<string, unknown>,
): Promise<{ snapshots: Snapshot[]; events: EventsBroadcast[]; taps: Array<{ taps: Record<string, number> }> }> {
  const socket = connect(server.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  const snapshots: Snapshot[] = [];
  const events: EventsBroadcast[] = [];
  const taps: Array<{ taps: Record<string, number> }> = [];
  socket.on('board:snapshot', (snapshot: Snapshot) => snapshots.push(snapshot));
  socket.on('board:events', (broadcast: EventsBroadcast) => events.push(broadcast));
  socket.on('session:taps', (update: { taps: Record<string, number> }) => taps.push(update));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  // The catch-up or the snapshot goes out right after the handshake; a ping round trip later it is here.
  await socket.timeout(2000).emitWithAck('board:ping', {});
  return { snapshots, events, taps };
}

async function changes(count: number): Promise<void> {
  const sessionId = boss.snapshot.board.sessions[0]!.id;
  for (let i = 1; i <= count; i++) {
    const ack = await boss.send('session:interest', { sessionId, interest: i });
    expect(ack.ok).toBe(true);
  }
}

async function boardNow(slug = server.slug): Promise<Board> {
  return ((await (await fetch(`${server.url}/api/events/${slug}/board`)).json()) as Snapshot).board;
}

describe('catch-up on reconnect', () => {
  it('a client that missed 5 changes gets exactly those 5, in order, and no snapshot', async () => {
    const start = boss.snapshot.board;
    await changes(5);
    const { snapshots, events } = await reconnect({ event: server.slug, version: 0 });
    expect(snapshots).toEqual([]);
    expect(events.map((b) => b.version)).toEqual([1, 2, 3, 4, 5]);
    expect(
      applyAll(
        start,
        events.flatMap((b) => b.events),
      ),
    ).toEqual(await boardNow());
    // What undo can do now comes with the last of them.
    expect(events.map((b) => b.undo)).toEqual([undefined, undefined, undefined, undefined, { canUndo: true, canRedo: false }]);

    // The answer is worked out once per version and shared; a change since makes a new one.
    expect((await reconnect({ event: server.slug, version: 0 })).events).toEqual(events.map((b) => ({ ...b, serverTime: expect.any(Number) })));
    await changes(1);
    const later = await reconnect({ event: server.slug, version: 0 });
    expect(later.events.map((b) => b.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(later.events.map((b) => b.undo).at(-1)).toEqual({ canUndo: true, canRedo: false });
    expect(
      applyAll(
        start,
        later.events.flatMap((b) => b.events),
      ),
    ).toEqual(await boardNow());
  });

  it("a client caught up by the changes also gets every session's taps of now, which the changes do not carry", async () => {
    const phone = await file.client();
    const [s1, s2, s3] = boss.snapshot.board.sessions.map((s) => s.id) as [string, string, string];
    await changes(2);
    expect(await phone.send('session:interested', { sessionId: s2, interested: true })).toMatchObject({ ok: true, version: 2 });
    const missed = await reconnect({ event: server.slug, version: 1 });
    expect(missed.snapshots).toEqual([]);
    expect(missed.events.map((b) => b.version)).toEqual([2]);
    expect(missed.taps).toEqual([{ taps: { [s1]: 0, [s2]: 1, [s3]: 0 } }]);
    // Up to date with the changes, but the taps moved meanwhile: the counts all the same.
    expect(await phone.send('session:interested', { sessionId: s3, interested: true })).toMatchObject({ ok: true, version: 2 });
    const upToDate = await reconnect({ event: server.slug, version: 2 });
    expect([upToDate.snapshots, upToDate.events, upToDate.taps]).toEqual([[], [], [{ taps: { [s1]: 0, [s2]: 1, [s3]: 1 } }]]);
    // A snapshot carries them itself.
    const fresh = await reconnect({ event: server.slug });
    expect(fresh.snapshots.map((s) => s.board.sessions.map((session) => session.taps))).toEqual([[0, 1, 1]]);
    expect(fresh.taps).toEqual([]);
  });

  it(`a client that missed ${MAX_CATCH_UP} changes gets them; one that missed one more gets one snapshot`, async () => {
    // A board that weighs more than the changes (yet is sent over the socket): only their number decides.
    const heavy = await createEvent(server.store, {
      ...TEST_EVENT,
      slug: `${server.slug}-schwer`,
      sessions: Array.from({ length: 12 }, (_, i) => ({ title: `Session ${i}`, host: 'Ana', description: `${i} ${'Beschreibung '.repeat(78)}`, tags: [] })),
    });
    const weight = JSON.stringify(await boardNow(heavy.slug)).length;
    expect(weight).toBeLessThanOrEqual(MAX_SOCKET_BOARD_BYTES);
    // Each change, `[{"type":"session.interest_set","sessionId":"…","interest":n}]`, weighs under 76 characters.
    expect(weight).toBeGreaterThan(MAX_CATCH_UP * 76);
    const heavyBoss = await connectClient(server.url, { event: heavy.slug, key: heavy.key });
    const sessionId = heavyBoss.snapshot.board.sessions[0]!.id;
    const acks = await Promise.all(Array.from({ length: MAX_CATCH_UP + 1 }, (_, i) => heavyBoss.send('session:interest', { sessionId, interest: i + 1 })));
    heavyBoss.close();
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const caughtUp = await reconnect({ event: heavy.slug, version: 1 });
    expect(caughtUp.snapshots).toEqual([]);
    expect(caughtUp.events.map((b) => b.version)).toEqual(Array.from({ length: MAX_CATCH_UP }, (_, i) => i + 2));
    const behind = await reconnect({ event: heavy.slug, version: 0 });
    expect(behind.events).toEqual([]);
    expect(behind.snapshots.map((s) => s.version)).toEqual([MAX_CATCH_UP + 1]);
    expect(behind.snapshots[0]!.board).toEqual(await boardNow(heavy.slug));
  });

  it('gets nothing when it is up to date, and a snapshot when the changes outweigh the board or the version is unknown', async () => {
    await changes(3);
    expect(await reconnect({ event: server.slug, version: 3 })).toMatchObject({ snapshots: [], events: [] });
    // From the future (another database, say): a snapshot.
    const future = await reconnect({ event: server.slug, version: 40 });
    expect(future.snapshots.map((s) => s.version)).toEqual([3]);
    // 80 changes weigh more than this small board: a snapshot, not 83 broadcasts.
    await changes(80);
    const far = await reconnect({ event: server.slug, version: 0 });
    expect(far.events).toEqual([]);
    expect(far.snapshots.map((s) => s.version)).toEqual([83]);
    expect(far.snapshots[0]!.board).toEqual(await boardNow());
    // Without a version (a first visit): the snapshot, as always.
    expect((await reconnect({ event: server.slug })).snapshots.map((s) => s.version)).toEqual([83]);
  });

  it('refuses a version that is not a whole number from 0 up', async () => {
    for (const version of [-1, 1.5, 'x', null]) {
      expect((await refusalOf(server.url, { event: server.slug, version })).data).toMatchObject({ code: 'invalid' });
    }
  });
});
