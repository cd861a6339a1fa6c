// The client's one store (client/lib/board.svelte.ts) against a fake socket: what a screen does
// with broadcasts, gaps, acks and refusals, without a server or a browser.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoardStore, SILENCE_LIMIT_MS, type StoreOptions } from '../../client/lib/board.svelte.ts';
import type { Board } from '../../shared/board.ts';
import type { DomainEvent } from '../../shared/events.ts';
import { ALIVE_EVERY_MS, type Ack, type EventsBroadcast, type Snapshot } from '../../shared/protocol.ts';
import { sampleBoard } from '../fixtures/board.ts';
import { fakeConnect } from '../helpers/fake-socket.ts';
import { sleep } from '../helpers/time.ts';

const NO_UNDO = { canUndo: false, canRedo: false };
const snapshotAt = (version: number, board: Board = sampleBoard()): Snapshot => ({ version, board, serverTime: Date.now(), undo: NO_UNDO });
const broadcast = (version: number, ...events: DomainEvent[]): EventsBroadcast => ({ version, events, serverTime: Date.now() });
const placed = (sessionId: string, roomId: string, slotId: string): DomainEvent => ({ type: 'session.placed', sessionId, roomId, slotId });

/** A phone's store that has the plan at version 5, its socket up. */
function liveStore(options: Pick<StoreOptions, 'key' | 'offlineWhenSilent'> = {}) {
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
      expect(store.serverNow() - Date.now()).toBeGreaterThan(50_000);
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
});
