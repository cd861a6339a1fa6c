// Following other processes on one database (server/realtime/follow.ts), on fake timers, with a
// stand-in for the Socket.IO server (what the adapter hands over, what this process tells) and
// for the writer and store it reads: a notice catches up to its version, a look every second
// catches up what a lost notice did not, every second look the phones' counts too, one look at
// a time, and nothing after the server closes. The same with real processes:
// tests/integration/several-processes.test.ts (child processes, which a mutation run does not reach).
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../db/store.ts';
import { FOLLOW_EVERY_MS, followOthers, NO_NOTICES, shareOpenConnections } from '../../server/realtime/follow.ts';
import type { PitchboardServer } from '../../server/realtime/handshake.ts';
import { CONNECTIONS_TOLD_EVERY_MS, OpenConnections, TOLD_FROM } from '../../server/realtime/open-connections.ts';
import type { CommandWriter } from '../../server/writer.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The server's side followOthers uses: what other processes' notices arrive as, and what it tells them. */
class FakeServer extends EventEmitter {
  readonly told: unknown[][] = [];
  readonly httpServer = new EventEmitter();
  serverSideEmit(...args: unknown[]): boolean {
    this.told.push(args);
    return true;
  }
}

/** A writer holding the events `held`, at the versions given, whose counts `followTaps` reports as changed. */
function fakeWriter(held: Map<number, number>, tapsChanged = new Map<number, Map<string, number>>()) {
  const journal: string[] = [];
  const writer = {
    heldEvents: () => [...held.keys()],
    follow: vi.fn(async (eventId: number, version?: number) => {
      journal.push(`follow ${eventId} ${version}`);
    }),
    followTaps: vi.fn(async (eventId: number) => {
      journal.push(`taps ${eventId}`);
      return tapsChanged.get(eventId) ?? new Map<string, number>();
    }),
    forget: vi.fn((eventId: number) => {
      journal.push(`forget ${eventId}`);
      held.delete(eventId);
    }),
  };
  return { writer, journal };
}

function fakeStore(versions: () => Map<number, number> | Promise<Map<number, number>>) {
  return { versionsOf: vi.fn(async (eventIds: readonly number[]) => new Map([...(await versions())].filter(([id]) => eventIds.includes(id)))) };
}

function follow(
  parts: { io?: FakeServer; store: ReturnType<typeof fakeStore>; writer: ReturnType<typeof fakeWriter>['writer'] },
  options: { tell?: boolean; everyMs?: number } = {},
) {
  const io = parts.io ?? new FakeServer();
  const survived: Array<[unknown, string]> = [];
  const tapsChanged: Array<[number, Record<string, number>]> = [];
  const notices = followOthers({
    io: io as unknown as PitchboardServer,
    store: parts.store as unknown as Store,
    writer: parts.writer as unknown as CommandWriter,
    tapsChanged: (eventId, counts) => void tapsChanged.push([eventId, Object.fromEntries(counts)]),
    survive: (error, where) => void survived.push([error, where]),
    tell: options.tell ?? true,
    everyMs: options.everyMs,
  });
  return { io, notices, survived, tapsChanged };
}

describe('followOthers', () => {
  it("catches a held event up to another process's version when its notice comes, and tells the others of this one's", async () => {
    const { writer, journal } = fakeWriter(new Map([[7, 3]]));
    const store = fakeStore(() => new Map([[7, 3]]));
    const { io, notices } = follow({ store, writer });
    io.emit('pitchboard:version', 7, 5);
    await vi.advanceTimersByTimeAsync(0);
    expect(journal).toEqual(['follow 7 5']);
    notices.changed(7, 6);
    notices.tapped(7);
    expect(io.told).toEqual([
      ['pitchboard:version', 7, 6],
      ['pitchboard:taps', 7],
    ]);
  });

  it("hears another process's taps by notice: only counts that changed are passed on", async () => {
    const { writer } = fakeWriter(
      new Map([
        [7, 3],
        [8, 1],
      ]),
      new Map([[7, new Map([['s1', 4]])]]),
    );
    const { io, tapsChanged } = follow({ store: fakeStore(() => new Map()), writer });
    io.emit('pitchboard:taps', 8);
    io.emit('pitchboard:taps', 7);
    await vi.advanceTimersByTimeAsync(0);
    expect(writer.followTaps.mock.calls.map(([eventId]) => eventId)).toEqual([8, 7]);
    expect(tapsChanged).toEqual([[7, { s1: 4 }]]);
  });

  it('a failed catch-up by notice is logged and taken by the next notice or look', async () => {
    const { writer } = fakeWriter(new Map([[7, 3]]));
    const failure = new Error('database away');
    writer.follow.mockRejectedValueOnce(failure);
    writer.followTaps.mockRejectedValueOnce(failure);
    const { io, survived } = follow({ store: fakeStore(() => new Map([[7, 3]])), writer });
    io.emit('pitchboard:version', 7, 5);
    io.emit('pitchboard:taps', 7);
    await vi.advanceTimersByTimeAsync(0);
    expect(survived).toEqual([
      [failure, 'following a change failed'],
      [failure, 'following taps failed'],
    ]);
  });

  it('looks at the versions every second: a lost notice is made up for; the counts every second look', async () => {
    const { writer, journal } = fakeWriter(
      new Map([
        [7, 3],
        [8, 1],
      ]),
    );
    const versions = new Map([
      [7, 5],
      [8, 1],
    ]);
    const store = fakeStore(() => versions);
    follow({ store, writer }, { tell: false });
    await vi.advanceTimersByTimeAsync(FOLLOW_EVERY_MS - 1);
    expect(journal).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.versionsOf).toHaveBeenCalledWith([7, 8]);
    expect(journal).toEqual(['follow 7 5', 'follow 8 1']);
    await vi.advanceTimersByTimeAsync(FOLLOW_EVERY_MS);
    expect(journal).toEqual(['follow 7 5', 'follow 8 1', 'follow 7 5', 'follow 8 1', 'taps 7', 'taps 8']);
    await vi.advanceTimersByTimeAsync(FOLLOW_EVERY_MS);
    expect(journal.slice(6)).toEqual(['follow 7 5', 'follow 8 1']);
  });

  it('an event another process deleted is forgotten, and its counts are not asked for', async () => {
    const { writer, journal } = fakeWriter(
      new Map([
        [7, 3],
        [8, 1],
      ]),
    );
    const store = fakeStore(() => new Map([[8, 2]]));
    follow({ store, writer }, { everyMs: 10 });
    await vi.advanceTimersByTimeAsync(20);
    expect(journal).toEqual(['forget 7', 'follow 8 2', 'follow 8 2', 'taps 8']);
  });

  it('asks the database nothing while it holds no event', async () => {
    const { writer } = fakeWriter(new Map());
    const store = fakeStore(() => new Map());
    follow({ store, writer }, { everyMs: 10 });
    await vi.advanceTimersByTimeAsync(50);
    expect(store.versionsOf).not.toHaveBeenCalled();
  });

  it('one look at a time: a slow database does not pile them up, and a failed look is logged and the next one goes on', async () => {
    const { writer } = fakeWriter(new Map([[7, 3]]));
    let answer: (versions: Map<number, number>) => void = () => {};
    let fail: (error: Error) => void = () => {};
    const store = fakeStore(
      () =>
        new Promise<Map<number, number>>((resolve, reject) => {
          answer = resolve;
          fail = reject;
        }),
    );
    const { survived } = follow({ store, writer }, { everyMs: 10 });
    await vi.advanceTimersByTimeAsync(55);
    expect(store.versionsOf).toHaveBeenCalledTimes(1);
    const failure = new Error('database away');
    fail(failure);
    await vi.advanceTimersByTimeAsync(10);
    expect(survived).toEqual([[failure, 'following other processes failed']]);
    expect(store.versionsOf).toHaveBeenCalledTimes(2);
    answer(new Map([[7, 4]]));
    await vi.advanceTimersByTimeAsync(10);
    expect(writer.follow).toHaveBeenCalledWith(7, 4);
    expect(store.versionsOf).toHaveBeenCalledTimes(3);
  });

  it('stops looking when the server closes', async () => {
    const { writer } = fakeWriter(new Map([[7, 3]]));
    const store = fakeStore(() => new Map([[7, 3]]));
    const { io } = follow({ store, writer }, { everyMs: 10 });
    await vi.advanceTimersByTimeAsync(10);
    io.httpServer.emit('close');
    await vi.advanceTimersByTimeAsync(100);
    expect(store.versionsOf).toHaveBeenCalledTimes(1);
  });

  it('without an adapter between the processes, tells nobody of its changes (the others look every second)', () => {
    const { writer } = fakeWriter(new Map());
    const { io, notices } = follow({ store: fakeStore(() => new Map()), writer }, { tell: false });
    expect(notices).toBe(NO_NOTICES);
    notices.changed(7, 6);
    notices.tapped(7);
    expect(io.told).toEqual([]);
  });
});

describe('shareOpenConnections', () => {
  function share(bound = 10_000, everyMs?: number) {
    const io = new FakeServer();
    const connections = new OpenConnections(bound);
    shareOpenConnections(io as unknown as PitchboardServer, connections, everyMs);
    const open = (address: string, count: number) => {
      for (let i = 0; i < count; i++) connections.open(address);
    };
    return { io, connections, open };
  }

  it('tells the others its counts every two seconds, under one name of its own', async () => {
    const { io, open } = share();
    open('venue', TOLD_FROM);
    await vi.advanceTimersByTimeAsync(CONNECTIONS_TOLD_EVERY_MS - 1);
    expect(io.told).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    open('venue', 1);
    await vi.advanceTimersByTimeAsync(CONNECTIONS_TOLD_EVERY_MS);
    expect(io.told).toEqual([
      ['pitchboard:connections', expect.stringMatching(/^[0-9a-f-]{36}$/), { venue: TOLD_FROM }],
      ['pitchboard:connections', io.told[0]![1], { venue: TOLD_FROM + 1 }],
    ]);
    // Another process's teller has a name of its own.
    const other = share();
    other.open('venue', TOLD_FROM);
    await vi.advanceTimersByTimeAsync(CONNECTIONS_TOLD_EVERY_MS);
    expect(other.io.told[0]![1]).not.toBe(io.told[0]![1]);
  });

  it('tells nothing while it has nothing to tell, and once that it has nothing left after it told some', async () => {
    const { io, connections, open } = share(10_000, 10);
    open('phone', TOLD_FROM - 1);
    await vi.advanceTimersByTimeAsync(30);
    expect(io.told).toEqual([]);
    open('phone', 1);
    await vi.advanceTimersByTimeAsync(10);
    connections.close('phone');
    await vi.advanceTimersByTimeAsync(30);
    expect(io.told.map(([, , counts]) => counts)).toEqual([{ phone: TOLD_FROM }, {}]);
  });

  it("hears the others' counts: they count against the bound of this process", () => {
    const { io, connections } = share(5);
    io.emit('pitchboard:connections', 'other process', { venue: 4 });
    expect(connections.open('venue')).toBe(true);
    expect(connections.open('venue')).toBe(false);
  });

  it('stops telling when the server closes', async () => {
    const { io, open } = share(10_000, 10);
    open('venue', TOLD_FROM);
    await vi.advanceTimersByTimeAsync(10);
    io.httpServer.emit('close');
    await vi.advanceTimersByTimeAsync(100);
    expect(io.told).toHaveLength(1);
  });
});
