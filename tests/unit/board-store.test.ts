// The client's one store (client/lib/board.svelte.ts) against a fake socket: what a screen does
// with broadcasts, gaps, acks and refusals, without a server or a browser.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoardStore, SILENCE_LIMIT_MS, type StoreOptions } from '../../client/lib/board.svelte.ts';
import type { Board } from '../../shared/board.ts';
import type { DomainEvent } from '../../shared/events.ts';
import { ALIVE_EVERY_MS, type Ack, type EventsBroadcast, type Snapshot } from '../../shared/protocol.ts';
import { sampleBoard } from '../fixtures/board.ts';
import { fakeConnect, NO_ANSWER } from '../helpers/fake-socket.ts';
import { sleep } from '../helpers/time.ts';

const NO_UNDO = { canUndo: false, canRedo: false };
const snapshotAt = (version: number, board: Board = sampleBoard()): Snapshot => ({ version, board, serverTime: Date.now(), undo: NO_UNDO });
const broadcast = (version: number, ...events: DomainEvent[]): EventsBroadcast => ({ version, events, serverTime: Date.now() });
const placed = (sessionId: string, roomId: string, slotId: string): DomainEvent => ({ type: 'session.placed', sessionId, roomId, slotId });
/** How far the store's idea of the server's clock is ahead of this one, to the second. */
const aheadSeconds = (store: BoardStore) => Math.round((store.serverNow() - Date.now()) / 1000);

/** A phone's store that has the plan at version 5, its socket up. */
function liveStore(options: Pick<StoreOptions, 'key' | 'offlineWhenSilent' | 'heartbeat' | 'flashMs'> = {}) {
  const fake = fakeConnect();
  const store = new BoardStore('test', { initial: snapshotAt(5), openSocket: fake.connect, ...options });
  store.connect();
  const socket = fake.socket();
  socket.open();
  return { store, socket };
}

let stores: BoardStore[] = [];
beforeEach(() => {
  stores = [];
});
afterEach(() => {
  stores.forEach((store) => store.disconnect());
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function track<T extends { store: BoardStore }>(made: T): T {
  stores.push(made.store);
  return made;
}

describe('the client store and its socket', () => {
  describe('a board too big for the socket', () => {
    /** GET …/board as the server answers it: the board, its version and the clock in a header. */
    const answering = (...versions: number[]) => {
      const truth = sampleBoard();
      truth.placements = [{ sessionId: 's3', roomId: 'rB', slotId: 't2' }];
      const fetched = vi.fn(async () => {
        const version = versions.length > 1 ? versions.shift()! : versions[0]!;
        return new Response(JSON.stringify({ version, board: truth, undo: NO_UNDO }), { headers: { 'x-server-time': String(Date.now() + 60_000) } });
      });
      vi.stubGlobal('fetch', fetched);
      return { fetched, truth };
    };
    afterEach(() => vi.unstubAllGlobals());

    it('fetches the board when the socket names a newer version, and sets its clock by the answer', async () => {
      const { store, socket } = track(liveStore());
      const { fetched, truth } = answering(9);
      socket.push('board:version', { version: 9, serverTime: Date.now() });
      await vi.waitFor(() => expect(store.version).toBe(9));
      expect(fetched).toHaveBeenCalledWith('/api/events/test/board');
      expect(store.board!.placements).toEqual(truth.placements);
      expect(aheadSeconds(store)).toBe(60);
    });

    it('fetches nothing when it has the version named', async () => {
      const { store, socket } = track(liveStore());
      const { fetched } = answering(5);
      socket.push('board:version', { version: 5, serverTime: Date.now() });
      await sleep(10);
      expect(fetched).not.toHaveBeenCalled();
      expect(store.version).toBe(5);
    });

    it('fetches the board when board:sync names only the version', async () => {
      const { store, socket } = track(liveStore());
      const { fetched } = answering(8);
      socket.answer('board:sync', () => ({ ok: true, version: 8, data: { version: 8, serverTime: Date.now() } }));
      socket.push('board:events', broadcast(7, placed('s1', 'rA', 't1')));
      await vi.waitFor(() => expect(store.version).toBe(8));
      expect(fetched).toHaveBeenCalledTimes(1);
    });

    it('fetches once more when a newer version was named while the board was on its way', async () => {
      const { store, socket } = track(liveStore());
      const { fetched } = answering(8, 10);
      socket.push('board:version', { version: 8, serverTime: Date.now() });
      socket.push('board:version', { version: 10, serverTime: Date.now() });
      await vi.waitFor(() => expect(store.version).toBe(10));
      expect(fetched).toHaveBeenCalledTimes(2);
    });

    it('keeps a newer board than an answer that is older than both it and the version named', async () => {
      const { store, socket } = track(liveStore());
      answering(4);
      socket.push('board:version', { version: 6, serverTime: Date.now() });
      await sleep(10);
      expect(store.version).toBe(5);
    });
  });

  it('reconnects saying the version it has, so the server sends only what it missed', () => {
    const { socket } = track(liveStore());
    expect(socket.auth).toMatchObject({ event: 'test', version: 5 });
    expect(socket.auth.key).toBeUndefined();
  });

  it('applies broadcasts in order and ignores one it has already', () => {
    const { store, socket } = track(liveStore());
    socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
    socket.push('board:events', broadcast(7, placed('s2', 'rB', 't1')));
    // The same change again (a retried broadcast after a reconnect) changes nothing.
    socket.push('board:events', broadcast(7, placed('s2', 'rA', 't2')));
    expect(store.version).toBe(7);
    expect(store.board!.placements).toEqual([
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's2', roomId: 'rB', slotId: 't1' },
    ]);
    expect(socket.sentNames()).not.toContain('board:sync');
  });

  it('asks for the whole board at a gap instead of applying a change out of order, and shows it', async () => {
    const { store, socket } = track(liveStore());
    const truth = sampleBoard();
    truth.placements = [{ sessionId: 's3', roomId: 'rB', slotId: 't2' }];
    socket.answer('board:sync', () => ({ ok: true, version: 8, data: snapshotAt(8, truth) }) satisfies Ack<Snapshot>);
    socket.push('board:events', broadcast(7, placed('s1', 'rA', 't1')));
    expect(socket.sentNames()).toEqual(['board:sync']);
    // Not applied: version 6 never came.
    expect(store.board!.placements).toEqual([]);
    await vi.waitFor(() => expect(store.version).toBe(8));
    expect(store.board!.placements).toEqual(truth.placements);
  });

  it('asks again a little later when the server says it asked too often', async () => {
    vi.useFakeTimers();
    const { store, socket } = track(liveStore());
    let asks = 0;
    socket.answer('board:sync', () =>
      ++asks === 1 ? { ok: false, error: { code: 'rate_limited', message: 'Please wait.' } } : { ok: true, version: 9, data: snapshotAt(9) },
    );
    socket.push('board:events', broadcast(9, placed('s1', 'rA', 't1')));
    await vi.advanceTimersByTimeAsync(0);
    expect(asks).toBe(1);
    expect(store.version).toBe(5);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asks).toBe(2);
    expect(store.version).toBe(9);
  });

  it('asks again after 5 to 8 seconds, spread by chance', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { socket } = track(liveStore());
    socket.answer('board:sync', () => ({ ok: false, error: { code: 'rate_limited', message: 'Please wait.' } }));
    socket.push('board:events', broadcast(9, placed('s1', 'rA', 't1')));
    await vi.advanceTimersByTimeAsync(6499);
    expect(socket.sentNames()).toEqual(['board:sync']);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.sentNames()).toEqual(['board:sync', 'board:sync']);
  });

  it('catches up after a refusal that its board could have caused (gone, taken, changed), not after others', async () => {
    const { store, socket } = track(liveStore({ key: 'k' }));
    socket.answer('board:sync', () => ({ ok: true, version: 5, data: snapshotAt(5) }));
    for (const code of ['not_found', 'conflict', 'invalid', 'rate_limited']) {
      socket.answer('session:withdraw', () => ({ ok: false, error: { code, message: 'No.' } }));
      expect(await store.send('session:withdraw', { sessionId: 's1' })).toEqual({ ok: false, code, message: 'No.' });
    }
    expect(socket.sentNames().filter((name) => name === 'board:sync')).toHaveLength(2);
    expect(socket.sentNames().slice(0, 4)).toEqual(['session:withdraw', 'board:sync', 'session:withdraw', 'board:sync']);
  });

  it('sets its clock by the server when told only the version it has', () => {
    const { store, socket } = track(liveStore());
    socket.push('board:version', { version: 5, serverTime: Date.now() + 100_000 });
    expect(aheadSeconds(store)).toBe(100);
  });

  it('does not let an older answer replace a newer board', async () => {
    const { store, socket } = track(liveStore());
    socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
    socket.answer('board:sync', () => ({ ok: true, version: 5, data: snapshotAt(5) }));
    await store.resync();
    expect(store.version).toBe(6);
    expect(store.board!.placements).toHaveLength(1);
  });

  it('waits for the broadcast of its own change: the interest asked for shows until the board has it', async () => {
    const { store, socket } = track(liveStore());
    socket.answer('session:interest', () => ({ ok: true, version: 6 }));
    const done = store.setInterest('s1', 3);
    await vi.waitFor(() => expect(socket.sentNames()).toContain('session:interest'));
    const session = store.board!.sessions.find((s) => s.id === 's1')!;
    expect(store.interestOf(session)).toBe(3);
    let settled = false;
    void done.then(() => (settled = true));
    await sleep(20);
    // Acked, but the board does not show it yet: the store still waits.
    expect(settled).toBe(false);
    socket.push('board:events', broadcast(6, { type: 'session.interest_set', sessionId: 's1', interest: 3 }));
    await done;
    const after = store.board!.sessions.find((s) => s.id === 's1')!;
    expect(after.interest).toBe(3);
    expect(store.interestOf(after)).toBe(3);
    // Its own change is not flashed as someone else's.
    expect(store.recentSessions.has('s1')).toBe(false);
  });

  it("takes the phones' counts from session:taps and from its own tap's ack, without a new version", async () => {
    const { store, socket } = track(liveStore());
    const [s1, s2] = store.board!.sessions;
    socket.push('session:taps', { taps: { [s1!.id]: 7, [s2!.id]: 2, unknown: 4 } });
    expect(store.board!.sessions.slice(0, 2).map((s) => s.taps)).toEqual([7, 2]);
    expect(store.version).toBe(5);
    // Counts that did not change leave the board as it is.
    const before = store.board;
    socket.push('session:taps', { taps: { [s1!.id]: 7 } });
    expect(store.board).toBe(before);

    socket.answer('session:interested', () => ({ ok: true, version: 5, data: { taps: { [s1!.id]: 8 } } }));
    expect(await store.interested(s1!.id, true)).toEqual({ ok: true });
    expect(socket.sent.at(-1)).toEqual({ name: 'session:interested', payload: { sessionId: s1!.id, interested: true } });
    expect(store.board!.sessions[0]!.taps).toBe(8);
    socket.answer('session:interested', () => ({ ok: false, error: { code: 'forbidden', message: 'No device.' } }));
    expect(await store.interested(s1!.id, false)).toEqual({ ok: false, code: 'forbidden' });
    expect(store.board!.sessions[0]!.taps).toBe(8);
    // Counts that ride along with a change of the plan.
    socket.push('board:events', { ...broadcast(6, placed(s2!.id, 'r1', 't1')), taps: { [s2!.id]: 9 } });
    expect(store.version).toBe(6);
    expect(store.board!.sessions[1]!.taps).toBe(9);
    socket.drop();
    expect(await store.interested(s1!.id, false)).toEqual({ ok: false, code: 'no_answer' });
  });

  it("flashes another screen's change and marks a move as pending until its ack", async () => {
    const { store, socket } = track(liveStore({ key: 'k' }));
    socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
    expect(store.recentCells.has('rA|t1')).toBe(true);
    socket.answer('session:place', () => ({ ok: true, version: 7 }));
    const move = store.send(
      'session:place',
      { sessionId: 's2', roomId: 'rB', slotId: 't2' },
      { moves: { sessionId: 's2', to: { roomId: 'rB', slotId: 't2' } } },
    );
    expect(store.pendingMoves.get('s2')).toEqual({ roomId: 'rB', slotId: 't2' });
    await move;
    expect(store.pendingMoves.has('s2')).toBe(false);
  });

  it('catches up after a refusal that says its board was out of date', async () => {
    const { store, socket } = track(liveStore({ key: 'k' }));
    socket.answer('session:place', () => ({ ok: false, error: { code: 'cell_taken', message: 'Taken.' } }));
    socket.answer('board:sync', () => ({ ok: true, version: 6, data: snapshotAt(6) }));
    const result = await store.send('session:place', { sessionId: 's2', roomId: 'rB', slotId: 't2' });
    expect(result).toMatchObject({ ok: false, code: 'cell_taken' });
    await vi.waitFor(() => expect(store.version).toBe(6));
  });

  it('shows offline when the connection drops and live again when it is back', () => {
    const { store, socket } = track(liveStore());
    expect(store.connection).toBe('live');
    socket.drop();
    expect(store.connection).toBe('offline');
    expect(store.offlineSince).toBeInstanceOf(Date);
    socket.open();
    expect(store.connection).toBe('live');
    expect(store.offlineSince).toBeNull();
  });

  it('a read-only screen that hears nothing for a while says offline and drops the line, so that Socket.IO reconnects', async () => {
    vi.useFakeTimers();
    const { store, socket } = track(liveStore({ offlineWhenSilent: true }));
    // The server's keep-alive ticks, and its changes, keep it live however long.
    for (let tick = 0; tick < 30; tick++) {
      await vi.advanceTimersByTimeAsync(ALIVE_EVERY_MS);
      socket.push(tick % 10 === 9 ? 'session:taps' : 'board:alive', { taps: {} });
    }
    expect(store.connection).toBe('live');
    expect(socket.engineCloses).toBe(0);

    // The line goes silent without closing (an access point that hangs).
    await vi.advanceTimersByTimeAsync(SILENCE_LIMIT_MS - 1);
    expect(store.connection).toBe('live');
    await vi.advanceTimersByTimeAsync(1);
    expect(store.connection).toBe('offline');
    expect(store.offlineSince).toBeInstanceOf(Date);
    expect(socket.engineCloses).toBe(1);
    expect(socket.connected).toBe(false);

    // Still offline while it reconnects: the silence is not counted twice.
    await vi.advanceTimersByTimeAsync(3 * SILENCE_LIMIT_MS);
    expect(socket.engineCloses).toBe(1);
    expect(store.connection).toBe('offline');

    // Reconnected: live again, and watched again from then on.
    socket.open();
    expect(store.connection).toBe('live');
    expect(store.offlineSince).toBeNull();
    await vi.advanceTimersByTimeAsync(SILENCE_LIMIT_MS);
    expect(store.connection).toBe('offline');
    expect(socket.engineCloses).toBe(2);
  });

  it('keeps a screen that was not asked to watch the silence live through it (the board has its own heartbeat)', async () => {
    vi.useFakeTimers();
    const { store, socket } = track(liveStore());
    await vi.advanceTimersByTimeAsync(10 * SILENCE_LIMIT_MS);
    expect(store.connection).toBe('live');
    expect(socket.engineCloses).toBe(0);
  });

  it('says an event whose stored data is damaged instead of its plan, asks again later, and shows the plan once it is read again', async () => {
    vi.useFakeTimers();
    const { store, socket } = track(liveStore());
    socket.drop();
    const damaged = Object.assign(new Error('damaged'), { data: { code: 'internal', message: 'The saved data …', reason: 'damaged' } });
    socket.push('connect_error', damaged);
    expect(store.damaged).toBe(true);
    expect(store.refusal).toBeNull();
    // A refusal for a passing reason is no damage.
    socket.push('connect_error', Object.assign(new Error('busy'), { data: { code: 'internal', message: 'Please try again.' } }));
    expect(store.damaged).toBe(false);
    socket.push('connect_error', damaged);
    // Repaired (and restarted): the screen asks again by itself and shows the plan.
    await vi.advanceTimersByTimeAsync(30_000);
    socket.open();
    expect(store.damaged).toBe(false);
    expect(store.connection).toBe('live');
  });

  it('stops watching the silence when the screen is closed or the line drops by itself', async () => {
    vi.useFakeTimers();
    const dropped = track(liveStore({ offlineWhenSilent: true }));
    dropped.socket.drop();
    const closed = track(liveStore({ offlineWhenSilent: true }));
    closed.store.disconnect();
    await vi.advanceTimersByTimeAsync(10 * SILENCE_LIMIT_MS);
    expect([dropped.socket.engineCloses, closed.socket.engineCloses]).toEqual([0, 0]);
    expect(dropped.store.connection).toBe('offline');
  });

  describe('the plan kept on this device', () => {
    /** A localStorage of this test's own. */
    const storage = () => {
      const items = new Map<string, string>();
      const setItem = vi.fn((key: string, value: string) => void items.set(key, value));
      vi.stubGlobal('localStorage', { getItem: (key: string) => items.get(key) ?? null, setItem, removeItem: (key: string) => items.delete(key) });
      return {
        items,
        setItem,
        saved: () => JSON.parse(items.get('pitchboard.board.test') ?? 'null') as { version: number; board: Board; savedAt: number } | null,
      };
    };
    afterEach(() => vi.unstubAllGlobals());

    it('saves the plan after each change, once for a burst, and shows it when the page opens again without a server', async () => {
      const { saved, setItem } = storage();
      const fake = fakeConnect();
      const store = new BoardStore('test', { initial: snapshotAt(5), openSocket: fake.connect, persist: true });
      track({ store });
      await vi.waitFor(() => expect(saved()?.version).toBe(5));
      store.connect();
      const socket = fake.socket();
      socket.open();
      const writes = setItem.mock.calls.filter(([key]) => key === 'pitchboard.board.test').length;
      // Two changes in one task: written once, with the newer.
      socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
      socket.push('board:events', broadcast(7, placed('s2', 'rB', 't1')));
      await vi.waitFor(() => expect(saved()?.version).toBe(7));
      expect(setItem.mock.calls.filter(([key]) => key === 'pitchboard.board.test')).toHaveLength(writes + 1);
      expect(saved()!.board.placements).toHaveLength(2);
      const savedAt = saved()!.savedAt;
      expect(Math.abs(savedAt - Date.now())).toBeLessThan(60_000);

      // The page again, offline: the plan kept, and "offline since" the time it was last live.
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => Promise.reject(new Error('offline'))),
      );
      const again = fakeConnect();
      const reopened = track({ store: new BoardStore('test', { openSocket: again.connect, persist: true }) }).store;
      expect(reopened.version).toBe(7);
      expect(reopened.board!.placements).toHaveLength(2);
      expect(reopened.connection).toBe('connecting');
      reopened.connect();
      // A board from this device may be from another database: the server is not asked to catch it up.
      expect(again.socket().auth.version).toBeUndefined();
      again.socket().push('connect_error', new Error('xhr poll error'));
      expect(reopened.connection).toBe('offline');
      expect(reopened.offlineSince!.getTime()).toBe(savedAt);
    });

    it('prefers the newer of the kept plan and the one the page came with', async () => {
      const { items } = storage();
      items.set('pitchboard.board.test', JSON.stringify({ version: 9, board: sampleBoard(), savedAt: 1 }));
      const fake = fakeConnect();
      expect(track({ store: new BoardStore('test', { initial: snapshotAt(5), openSocket: fake.connect, persist: true }) }).store.version).toBe(9);
      expect(track({ store: new BoardStore('test', { initial: snapshotAt(12), openSocket: fake.connect, persist: true }) }).store.version).toBe(12);
      await vi.waitFor(() => expect(JSON.parse(items.get('pitchboard.board.test')!)).toMatchObject({ version: 12 }));
      // Not asked to keep it: the kept plan is not read.
      expect(track({ store: new BoardStore('test', { initial: snapshotAt(5), openSocket: fake.connect }) }).store.version).toBe(5);
      expect(track({ store: new BoardStore('test', { openSocket: fake.connect }) }).store.board).toBeNull();
      // Something unreadable kept: nothing shown until the server answers.
      items.set('pitchboard.board.test', '{not json');
      expect(track({ store: new BoardStore('test', { openSocket: fake.connect, persist: true }) }).store.board).toBeNull();
    });

    it('writes nothing when not asked to keep the plan', async () => {
      const { setItem } = storage();
      const { socket } = track(liveStore());
      socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
      // Shows that nothing happens: a save would be written in the next task.
      await sleep(5);
      expect(setItem.mock.calls.filter(([key]) => key.startsWith('pitchboard.board'))).toEqual([]);
    });
  });

  describe('the plan fetched over HTTP when the page came without one', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('fetches the board at once beside the handshake, takes its clock from the header, and catches up from it afterwards', async () => {
      const truth = sampleBoard();
      truth.placements = [{ sessionId: 's2', roomId: 'rA', slotId: 't2' }];
      const fetched = vi.fn(
        async () =>
          new Response(JSON.stringify({ version: 3, board: truth, undo: { canUndo: true, canRedo: false } }), {
            headers: { 'x-server-time': String(Date.now() - 120_000) },
          }),
      );
      vi.stubGlobal('fetch', fetched);
      const fake = fakeConnect();
      const store = track({ store: new BoardStore('test', { openSocket: fake.connect }) }).store;
      store.connect();
      expect(fetched).toHaveBeenCalledWith('/api/events/test/board');
      await vi.waitFor(() => expect(store.version).toBe(3));
      expect(store.board!.placements).toEqual(truth.placements);
      expect(store.undoState).toEqual({ canUndo: true, canRedo: false });
      expect(aheadSeconds(store)).toBe(-120);
    });

    it('keeps its clock when the answer has no time, and shows nothing from a refused fetch', async () => {
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => new Response('{}', { status: 503 })),
      );
      const fake = fakeConnect();
      const refused = track({ store: new BoardStore('test', { openSocket: fake.connect }) }).store;
      refused.connect();
      // Shows that nothing happens: the answer is read in a few microtasks.
      await sleep(5);
      expect(refused.board).toBeNull();

      vi.stubGlobal(
        'fetch',
        vi.fn(async () => new Response(JSON.stringify({ version: 2, board: sampleBoard(), undo: NO_UNDO }))),
      );
      const other = fakeConnect();
      const store = track({ store: new BoardStore('test', { openSocket: other.connect }) }).store;
      store.connect();
      await vi.waitFor(() => expect(store.version).toBe(2));
      expect(aheadSeconds(store)).toBe(0);
    });
  });

  describe('the connection and its refusals', () => {
    it('tries again in 10 to 30 seconds when turned away as one too many, and says offline meanwhile', async () => {
      vi.useFakeTimers();
      const { store, socket } = track(liveStore());
      socket.drop();
      const since = store.offlineSince!;
      const connect = vi.spyOn(socket, 'connect');
      await vi.advanceTimersByTimeAsync(1000);
      socket.push('connect_error', Object.assign(new Error('busy'), { data: { code: 'rate_limited', message: 'Too many.' } }));
      expect(store.connection).toBe('offline');
      // Still offline since the line dropped, not since the refusal.
      expect(store.offlineSince).toBe(since);
      expect(store.refusal).toBeNull();
      expect(store.damaged).toBe(false);
      await vi.advanceTimersByTimeAsync(9_999);
      expect(connect).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(20_001);
      expect(connect).toHaveBeenCalledTimes(1);
    });

    it('spreads the phones turned away over those 20 seconds by chance, and does not try again once the screen is closed', async () => {
      vi.useFakeTimers();
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      const { store, socket } = track(liveStore());
      const closed = track(liveStore());
      socket.drop();
      closed.socket.drop();
      const connect = vi.spyOn(socket, 'connect');
      const closedConnect = vi.spyOn(closed.socket, 'connect');
      const busy = () => Object.assign(new Error('busy'), { data: { code: 'rate_limited', message: 'Too many.' } });
      socket.push('connect_error', busy());
      closed.socket.push('connect_error', busy());
      closed.store.disconnect();
      await vi.advanceTimersByTimeAsync(19_999);
      expect(connect).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(connect).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(closedConnect).not.toHaveBeenCalled();
      expect(store.connection).toBe('offline');
    });

    it('counts "offline since" from the drop once it was live, not from the plan kept on the device', () => {
      vi.stubGlobal('localStorage', {
        getItem: () => JSON.stringify({ version: 9, board: sampleBoard(), savedAt: 1000 }),
        setItem: () => {},
      });
      try {
        const fake = fakeConnect();
        const store = track({ store: new BoardStore('test', { openSocket: fake.connect, persist: true, initial: snapshotAt(9) }) }).store;
        store.connect();
        fake.socket().open();
        fake.socket().drop();
        expect(Date.now() - store.offlineSince!.getTime()).toBeLessThan(60_000);
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it('opens one socket however often it is told to connect, eager to come back on the facilitator’s board', () => {
      const fake = fakeConnect();
      const connect = vi.fn(fake.connect);
      const store = track({ store: new BoardStore('test', { initial: snapshotAt(5), openSocket: connect, heartbeat: true }) }).store;
      store.connect();
      store.connect();
      expect(connect).toHaveBeenCalledTimes(1);
      expect(connect).toHaveBeenCalledWith(expect.any(Function), { eager: true });
      expect(fake.socket().auth.device).toMatch(/^[0-9a-f]{32}$/);
      const phone = vi.fn(fakeConnect().connect);
      track({ store: new BoardStore('test', { initial: snapshotAt(5), openSocket: phone }) }).store.connect();
      expect(phone).toHaveBeenCalledWith(expect.any(Function), { eager: false });
    });

    it('fetches no board over HTTP when the page came with one', () => {
      const fetched = vi.fn(async () => new Response('{}'));
      vi.stubGlobal('fetch', fetched);
      try {
        track(liveStore());
        expect(fetched).not.toHaveBeenCalled();
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it('takes no taps and no new key before it has a board and a socket', () => {
      const fake = fakeConnect();
      const store = track({ store: new BoardStore('test', { openSocket: fake.connect }) }).store;
      store.keyReplaced('new');
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => Promise.reject(new Error('offline'))),
      );
      try {
        store.connect();
        fake.socket().push('session:taps', { taps: { s1: 3 } });
        expect(store.board).toBeNull();
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it('stops for good when the server refuses the event or the key, and stays refused when the line drops', () => {
      const { store, socket } = track(liveStore({ key: 'wrong' }));
      socket.drop();
      socket.push('connect_error', Object.assign(new Error('refused'), { data: { code: 'unauthorized', message: 'Wrong key.' } }));
      expect(store.refusal).toBe('unauthorized');
      expect(store.connection).toBe('refused');
      socket.push('disconnect', 'transport close');
      expect(store.connection).toBe('refused');

      const unknown = track(liveStore());
      unknown.socket.connected = true;
      const disconnect = vi.spyOn(unknown.socket, 'disconnect');
      unknown.socket.push('connect_error', Object.assign(new Error('refused'), { data: { code: 'not_found', message: 'No such event.' } }));
      expect(unknown.store.refusal).toBe('not_found');
      expect(unknown.store.connection).toBe('refused');
      expect(disconnect).toHaveBeenCalled();
    });

    it('a failed handshake without a code is just offline, and the socket keeps trying by itself', () => {
      const { store, socket } = track(liveStore());
      socket.drop();
      const connect = vi.spyOn(socket, 'connect');
      socket.push('connect_error', new Error('websocket error'));
      expect(store.connection).toBe('offline');
      expect(store.refusal).toBeNull();
      expect(connect).not.toHaveBeenCalled();
    });

    it('reconnects by itself when the server hung up on purpose (a restart), and not when the line dropped', () => {
      const { socket } = track(liveStore());
      const connect = vi.spyOn(socket, 'connect');
      socket.drop();
      expect(connect).not.toHaveBeenCalled();
      socket.open();
      socket.drop('io server disconnect');
      expect(connect).toHaveBeenCalledTimes(1);
    });

    it('is the facilitator once the key is accepted, and only reads once the key was replaced on another screen', () => {
      const { store, socket } = track(liveStore({ key: 'k' }));
      expect(socket.auth).toMatchObject({ event: 'test', key: 'k' });
      expect(store.isFacilitator).toBe(true);
      expect(track(liveStore()).store.isFacilitator).toBe(false);
      socket.push('facilitator:revoked');
      expect(store.isFacilitator).toBe(false);
      expect(store.refusal).toBe('unauthorized');
      expect(store.connection).toBe('refused');
    });

    it('reconnects with the new key after it replaced the key on this screen', () => {
      const { store, socket } = track(liveStore({ key: 'old' }));
      store.keyReplaced('new');
      expect(socket.auth.key).toBe('new');
    });

    it('sends nothing before it is connected, and asks for no board while offline', async () => {
      const fake = fakeConnect();
      const store = track({ store: new BoardStore('test', { initial: snapshotAt(5), openSocket: fake.connect }) }).store;
      expect(await store.send('board:undo', {})).toEqual({ ok: false, code: 'no_answer', message: 'Not connected.' });
      store.connect();
      await store.resync();
      expect(fake.socket().sent).toEqual([]);
    });
  });

  describe('the heartbeat of the facilitator’s board', () => {
    it('pings every 2 s, sets its clock by the answer, and drops a line that does not answer so that it reconnects', async () => {
      vi.useFakeTimers();
      const { store, socket } = track(liveStore({ heartbeat: true }));
      let answer: unknown = { ok: true, version: 5, data: { serverTime: Date.now() + 90_000 } };
      socket.answer('board:ping', () => answer);
      await vi.advanceTimersByTimeAsync(1999);
      expect(socket.sentNames()).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(socket.sentNames()).toEqual(['board:ping']);
      // The answer was made 2 s before it was asked for (the fake clock moved).
      expect(aheadSeconds(store)).toBe(88);
      expect(store.connection).toBe('live');

      answer = NO_ANSWER;
      await vi.advanceTimersByTimeAsync(2000);
      expect(store.connection).toBe('offline');
      expect(socket.engineCloses).toBe(1);
      // No pings while the line is down.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(socket.sentNames()).toEqual(['board:ping', 'board:ping']);
    });

    it('asks once at a time: a slow answer is not asked over', async () => {
      vi.useFakeTimers();
      const { socket } = track(liveStore({ heartbeat: true }));
      let answered: (value: unknown) => void = () => {};
      socket.answer('board:ping', () => new Promise((resolve) => (answered = resolve)));
      await vi.advanceTimersByTimeAsync(6000);
      expect(socket.sentNames()).toEqual(['board:ping']);
      answered({ ok: true, version: 5, data: { serverTime: Date.now() } });
      await vi.advanceTimersByTimeAsync(2000);
      expect(socket.sentNames()).toEqual(['board:ping', 'board:ping']);
    });

    it('stops pinging when the board is closed, and a screen without a heartbeat never pings', async () => {
      vi.useFakeTimers();
      const { store, socket } = track(liveStore({ heartbeat: true }));
      const quiet = track(liveStore());
      store.disconnect();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(socket.sent).toEqual([]);
      expect(quiet.socket.sent).toEqual([]);
    });

    it('leaves a line alone that dropped while a ping was on its way', async () => {
      vi.useFakeTimers();
      const { socket } = track(liveStore({ heartbeat: true }));
      socket.answer('board:ping', () => {
        socket.drop();
        return NO_ANSWER;
      });
      await vi.advanceTimersByTimeAsync(2000);
      expect(socket.engineCloses).toBe(0);
    });
  });

  describe('what only the facilitator asks', () => {
    const held = [{ network: 'n1', refused: 3, since: 1 }];

    it('shows the networks held back, and lets one through', async () => {
      const { store, socket } = track(liveStore({ key: 'k' }));
      socket.push('limits:held', { networks: held });
      expect(store.heldNetworks).toEqual(held);
      socket.answer('limits:lift', () => ({ ok: false, error: { code: 'invalid', message: 'No.' } }));
      expect(await store.letThrough('n1')).toBe(false);
      expect(store.heldNetworks).toEqual(held);
      socket.answer('limits:lift', () => NO_ANSWER);
      expect(await store.letThrough('n1')).toBe(false);
      socket.answer('limits:lift', () => ({ ok: true, version: 5, data: { networks: [] } }));
      expect(await store.letThrough('n1')).toBe(true);
      expect(socket.sent.at(-1)).toEqual({ name: 'limits:lift', payload: { network: 'n1' } });
      expect(store.heldNetworks).toEqual([]);
    });

    it('reads pages of the history', async () => {
      const { store, socket } = track(liveStore({ key: 'k' }));
      const page = { entries: [], more: false, canUndo: false, canRedo: false };
      socket.answer('board:history', () => ({ ok: true, version: 5, data: page }));
      expect(await store.history()).toEqual(page);
      expect(await store.history(40, 10)).toEqual(page);
      expect(socket.sent.map((m) => m.payload)).toEqual([
        { before: undefined, limit: 50 },
        { before: 40, limit: 10 },
      ]);
      socket.answer('board:history', () => ({ ok: false, error: { code: 'rate_limited', message: 'Wait.' } }));
      expect(await store.history()).toBeNull();
      socket.answer('board:history', () => NO_ANSWER);
      expect(await store.history()).toBeNull();
    });

    it('asks neither without the key nor while offline', async () => {
      const phone = track(liveStore());
      expect(await phone.store.letThrough('n1')).toBe(false);
      expect(await phone.store.history()).toBeNull();
      expect(phone.socket.sent).toEqual([]);
      const { store, socket } = track(liveStore({ key: 'k' }));
      socket.drop();
      expect(await store.letThrough('n1')).toBe(false);
      expect(await store.history()).toBeNull();
      expect(socket.sent).toEqual([]);
    });
  });

  describe('changes made elsewhere, and waiting for its own', () => {
    it('highlights the cells and sessions another screen changed, for as long as told', async () => {
      vi.useFakeTimers();
      const { store, socket } = track(liveStore({ flashMs: 5000 }));
      socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
      // Moved on: the cell it left and the cell it went to.
      socket.push('board:events', broadcast(7, placed('s1', 'rB', 't2')));
      expect([...store.recentCells].sort()).toEqual(['rA|t1', 'rB|t2']);
      expect([...store.recentSessions]).toEqual(['s1']);
      await vi.advanceTimersByTimeAsync(4999);
      expect(store.recentCells.size).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(store.recentCells.size).toBe(0);
      expect(store.recentSessions.size).toBe(0);
    });

    it('highlights where each kind of change happened: the cell a session is in, the cell a change names', () => {
      const placedBoard = sampleBoard();
      placedBoard.placements = [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }];
      /** What a screen highlights for one change made elsewhere, on a board where s1 is in Room A at 10:00. */
      const flashed = (event: DomainEvent) => {
        const fake = fakeConnect();
        const store = track({ store: new BoardStore('test', { initial: snapshotAt(5, placedBoard), openSocket: fake.connect }) }).store;
        store.connect();
        fake.socket().open();
        fake.socket().push('board:events', broadcast(6, event));
        expect(store.version).toBe(6);
        return { cells: [...store.recentCells].sort(), sessions: [...store.recentSessions].sort() };
      };
      const text = { title: 'Neu' } as Extract<DomainEvent, { type: 'session.updated' }>['changes'];
      expect(flashed(placed('s2', 'rB', 't2'))).toEqual({ cells: ['rB|t2'], sessions: ['s2'] });
      expect(flashed({ type: 'session.updated', sessionId: 's1', changes: text, revision: 2 })).toEqual({ cells: ['rA|t1'], sessions: ['s1'] });
      expect(flashed({ type: 'session.updated', sessionId: 's2', changes: text, revision: 2 })).toEqual({ cells: [], sessions: ['s2'] });
      expect(flashed({ type: 'session.withdrawn', sessionId: 's1' })).toEqual({ cells: ['rA|t1'], sessions: ['s1'] });
      expect(flashed({ type: 'session.extended', sessionId: 's1', roomId: 'rA', slotId: 't2' })).toEqual({ cells: ['rA|t2'], sessions: ['s1'] });
      expect(flashed({ type: 'cell.blocked', roomId: 'rB', slotId: 't1' })).toEqual({ cells: ['rB|t1'], sessions: [] });
      const submitted = { ...sampleBoard().sessions[0]!, id: 'sNew' };
      expect(flashed({ type: 'session.submitted', session: submitted })).toEqual({ cells: [], sessions: ['sNew'] });
      expect(flashed({ type: 'session.token_reissued', sessionId: 's1' })).toEqual({ cells: [], sessions: [] });
    });

    it('adds a change that comes while others are still highlighted, and highlights its own changes not at all', async () => {
      vi.useFakeTimers();
      const { store, socket } = track(liveStore({ key: 'k' }));
      socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
      await vi.advanceTimersByTimeAsync(1500);
      socket.push('board:events', broadcast(7, placed('s2', 'rB', 't1')));
      expect([...store.recentCells].sort()).toEqual(['rA|t1', 'rB|t1']);
      // The timer starts again with the newer change: both stay 2 s from it.
      await vi.advanceTimersByTimeAsync(1999);
      expect(store.recentCells.size).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(store.recentCells.size).toBe(0);
      socket.answer('session:place', () => ({ ok: true, version: 8 }));
      await store.send('session:place', { sessionId: 's3', roomId: 'rA', slotId: 't2' });
      socket.push('board:events', broadcast(8, placed('s3', 'rA', 't2')));
      expect(store.recentCells.size).toBe(0);
      expect(store.recentSessions.size).toBe(0);
    });

    it('resolves a wait for a version once the board shows it, or after a while in any case', async () => {
      vi.useFakeTimers();
      const { store, socket } = track(liveStore());
      let shown = false;
      void store.whenVersion(6).then(() => (shown = true));
      await vi.advanceTimersByTimeAsync(100);
      expect(shown).toBe(false);
      socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
      await vi.advanceTimersByTimeAsync(0);
      expect(shown).toBe(true);
      // Already shown: at once.
      let again = false;
      void store.whenVersion(6).then(() => (again = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(again).toBe(true);
      // A broadcast that never comes does not hang the caller.
      let lost = false;
      void store.whenVersion(9, 1000).then(() => (lost = true));
      await vi.advanceTimersByTimeAsync(999);
      expect(lost).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(lost).toBe(true);
      expect(store.version).toBe(6);
    });

    it('takes what undo and redo can do from each change that says it, and from a whole board', async () => {
      const { store, socket } = track(liveStore({ key: 'k' }));
      expect(store.undoState).toEqual(NO_UNDO);
      socket.push('board:events', { ...broadcast(6, placed('s1', 'rA', 't1')), undo: { canUndo: true, canRedo: false } });
      expect(store.undoState).toEqual({ canUndo: true, canRedo: false });
      // A change that says nothing about it (another screen's tap count) leaves it.
      socket.push('board:events', broadcast(7, placed('s2', 'rB', 't1')));
      expect(store.undoState).toEqual({ canUndo: true, canRedo: false });
      socket.answer('board:sync', () => ({ ok: true, version: 9, data: { ...snapshotAt(9), undo: { canUndo: false, canRedo: true } } }));
      await store.resync();
      expect(store.undoState).toEqual({ canUndo: false, canRedo: true });
    });

    it('keeps showing the count asked for while two taps are on their way, and the board’s once a tap is refused', async () => {
      const { store, socket } = track(liveStore());
      const answers: Array<(ack: unknown) => void> = [];
      socket.answer('session:interest', () => new Promise((resolve) => answers.push(resolve)));
      const first = store.setInterest('s1', 1);
      const second = store.setInterest('s1', 2);
      await vi.waitFor(() => expect(answers).toHaveLength(2));
      const session = () => store.board!.sessions.find((s) => s.id === 's1')!;
      expect(store.interestOf(session())).toBe(2);
      answers[0]!({ ok: false, error: { code: 'invalid', message: 'No.' } });
      expect(await first).toMatchObject({ ok: false, code: 'invalid' });
      // One tap still on its way: its count still shows.
      expect(store.interestOf(session())).toBe(2);
      answers[1]!({ ok: false, error: { code: 'invalid', message: 'No.' } });
      await second;
      expect(store.interestOf(session())).toBe(0);
    });

    it('sets its clock by every change that comes in', () => {
      const { store, socket } = track(liveStore());
      socket.push('board:events', { ...broadcast(6, placed('s1', 'rA', 't1')), serverTime: Date.now() + 300_000 });
      expect(aheadSeconds(store)).toBe(300);
    });
  });

  describe('edges the mutation run found', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('before anything comes it shows nothing, says it is connecting, and claims nothing', () => {
      const fake = fakeConnect();
      const store = track({ store: new BoardStore('test', { openSocket: fake.connect, key: 'k' }) }).store;
      expect(store.board).toBeNull();
      expect(store.version).toBe(0);
      expect(store.connection).toBe('connecting');
      expect(store.offlineSince).toBeNull();
      expect(store.refusal).toBeNull();
      expect(store.damaged).toBe(false);
      expect(store.isFacilitator).toBe(false);
      expect(store.undoState).toEqual(NO_UNDO);
      expect(store.heldNetworks).toEqual([]);
      expect(store.pendingMoves.size).toBe(0);
    });

    it('asks nothing before it has a socket', async () => {
      const fake = fakeConnect();
      const store = track({ store: new BoardStore('test', { initial: snapshotAt(5), openSocket: fake.connect, key: 'k' }) }).store;
      expect(await store.letThrough('n1')).toBe(false);
      expect(await store.history()).toBeNull();
      expect(await store.interested('s1', true)).toEqual({ ok: false, code: 'no_answer' });
      await store.resync();
      expect(store.version).toBe(5);
    });

    it('says a tap went unanswered when the server does not answer it', async () => {
      const { store, socket } = track(liveStore());
      socket.answer('session:interested', () => NO_ANSWER);
      expect(await store.interested('s1', true)).toEqual({ ok: false, code: 'no_answer' });
    });

    it('stays live when a ping is answered with a refusal: an answer is a sign of life', async () => {
      vi.useFakeTimers();
      const { store, socket } = track(liveStore({ heartbeat: true }));
      socket.answer('board:ping', () => ({ ok: false, error: { code: 'rate_limited', message: 'Wait.' } }));
      await vi.advanceTimersByTimeAsync(4000);
      expect(socket.sentNames()).toEqual(['board:ping', 'board:ping']);
      expect(store.connection).toBe('live');
      expect(socket.engineCloses).toBe(0);
      expect(aheadSeconds(store)).toBe(0);
    });

    it('stays damaged when a later handshake is only turned away as one too many', () => {
      const { store, socket } = track(liveStore());
      socket.drop();
      socket.push('connect_error', Object.assign(new Error('damaged'), { data: { code: 'internal', message: '…', reason: 'damaged' } }));
      socket.push('connect_error', Object.assign(new Error('busy'), { data: { code: 'rate_limited', message: 'Too many.' } }));
      expect(store.damaged).toBe(true);
    });

    it('takes the snapshot sent on connect as the board, even an older one (the kept plan may be from another database)', () => {
      const { store, socket } = track(liveStore());
      socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
      const truth = sampleBoard();
      truth.placements = [{ sessionId: 's2', roomId: 'rB', slotId: 't2' }];
      socket.push('board:snapshot', { ...snapshotAt(3, truth), undo: { canUndo: true, canRedo: false } });
      expect(store.version).toBe(3);
      expect(store.board!.placements).toEqual(truth.placements);
      expect(store.undoState).toEqual({ canUndo: true, canRedo: false });
    });

    it('shows what the server answers over HTTP over a plan kept on this device, even an older one', async () => {
      const items = new Map([['pitchboard.board.test', JSON.stringify({ version: 9, board: sampleBoard(), savedAt: 1 })]]);
      vi.stubGlobal('localStorage', { getItem: (key: string) => items.get(key) ?? null, setItem: () => {} });
      const truth = sampleBoard();
      truth.placements = [{ sessionId: 's3', roomId: 'rA', slotId: 't1' }];
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => new Response(JSON.stringify({ version: 4, board: truth, undo: NO_UNDO }))),
      );
      const fake = fakeConnect();
      const store = track({ store: new BoardStore('test', { openSocket: fake.connect, persist: true }) }).store;
      expect(store.version).toBe(9);
      store.connect();
      await vi.waitFor(() => expect(store.version).toBe(4));
      expect(store.board!.placements).toEqual(truth.placements);
    });

    it('fetches the board named by the socket even when the kept plan has that version, and sets the clock it knows on an answer without one', async () => {
      const items = new Map([['pitchboard.board.test', JSON.stringify({ version: 9, board: sampleBoard(), savedAt: 1 })]]);
      vi.stubGlobal('localStorage', { getItem: (key: string) => items.get(key) ?? null, setItem: () => {} });
      const fetched = vi.fn(async (): Promise<Response> => Promise.reject(new Error('offline')));
      vi.stubGlobal('fetch', fetched);
      const fake = fakeConnect();
      const store = track({ store: new BoardStore('test', { openSocket: fake.connect, persist: true }) }).store;
      store.connect();
      await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(1));
      const truth = sampleBoard();
      truth.placements = [{ sessionId: 's1', roomId: 'rB', slotId: 't1' }];
      fetched.mockImplementation(async () => new Response(JSON.stringify({ version: 9, board: truth, undo: NO_UNDO })));
      fake.socket().open();
      // Told again until the first fetch (which failed) is over: one fetch at a time.
      await vi.waitFor(() => {
        fake.socket().push('board:version', { version: 9, serverTime: Date.now() + 100_000 });
        expect(store.board!.placements).toEqual(truth.placements);
      });
      expect(aheadSeconds(store)).toBe(100);
    });

    it('shows a fetched board newer than its own even when the socket named a newer one still', async () => {
      const { store, socket } = track(liveStore());
      const fetched = vi.fn(async () => new Response(JSON.stringify({ version: 6, board: sampleBoard(), undo: NO_UNDO })));
      vi.stubGlobal('fetch', fetched);
      socket.push('board:version', { version: 8, serverTime: Date.now() });
      await vi.waitFor(() => expect(store.version).toBe(6));
      // Asked again for the newer one; the network is gone by then.
      await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(2));
    });

    it('stops fetching once an answer brings nothing newer', async () => {
      const { store, socket } = track(liveStore());
      const fetched = vi.fn(async () => new Response(JSON.stringify({ version: 5, board: sampleBoard(), undo: NO_UNDO })));
      vi.stubGlobal('fetch', fetched);
      socket.push('board:version', { version: 8, serverTime: Date.now() });
      await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(1));
      // Shows that nothing more happens: another fetch would start within microtasks.
      await sleep(20);
      expect(fetched).toHaveBeenCalledTimes(1);
      expect(store.version).toBe(5);
    });

    it('resolves each wait when its own version shows, not at an earlier one', async () => {
      vi.useFakeTimers();
      const { store, socket } = track(liveStore());
      const shown: number[] = [];
      void store.whenVersion(7).then(() => shown.push(7));
      void store.whenVersion(6).then(() => shown.push(6));
      socket.push('board:events', broadcast(6, placed('s1', 'rA', 't1')));
      await vi.advanceTimersByTimeAsync(0);
      expect(shown).toEqual([6]);
      socket.push('board:events', broadcast(7, placed('s2', 'rB', 't1')));
      await vi.advanceTimersByTimeAsync(0);
      expect(shown).toEqual([6, 7]);
    });

    it('answers a refused count of hands at once, without waiting for a version', async () => {
      vi.useFakeTimers();
      const { store, socket } = track(liveStore());
      socket.answer('session:interest', () => ({ ok: false, error: { code: 'invalid', message: 'No.' } }));
      let result: unknown;
      void store.setInterest('s1', 3).then((r) => (result = r));
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ ok: false, code: 'invalid' });
    });

    it('asks for the board again later only when told it asked too often', async () => {
      vi.useFakeTimers();
      const { socket } = track(liveStore());
      socket.answer('board:sync', () => ({ ok: false, error: { code: 'internal', message: 'Oops.' } }));
      socket.push('board:events', broadcast(9, placed('s1', 'rA', 't1')));
      await vi.advanceTimersByTimeAsync(20_000);
      expect(socket.sentNames()).toEqual(['board:sync']);
    });

    it('a page served with the version kept on the device catches up from it', () => {
      const items = new Map([['pitchboard.board.test', JSON.stringify({ version: 9, board: sampleBoard(), savedAt: 1 })]]);
      vi.stubGlobal('localStorage', { getItem: (key: string) => items.get(key) ?? null, setItem: () => {} });
      const fake = fakeConnect();
      const store = track({ store: new BoardStore('test', { openSocket: fake.connect, persist: true, initial: snapshotAt(9) }) }).store;
      store.connect();
      expect(fake.socket().auth.version).toBe(9);
    });
  });
});
