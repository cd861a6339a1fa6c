// "Interested" taps between the socket and the writer (server/taps.ts), on fake timers: a batch
// is one write and is acked only after it, and the counts reach an event's screens at most every
// 250 ms, the newest count of each session.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Tap } from '../../server/writer.ts';
import { ANNOUNCE_EVERY_MS, announceEveryMs, BATCH_WAIT_MS, TapAnnouncer, TapQueue, type TapWriter } from '../../server/taps.ts';
import type { Ack } from '../../shared/protocol.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const tap = (sessionId: string, device: string, interested = true, eventId = 1): Tap => ({ eventId, sessionId, device, interested });

/** A writer that counts each session's taps in memory, and notes what happened in which order. */
function countingWriter(journal: string[]): TapWriter & { batches: Tap[][] } {
  const devices = new Map<string, Set<string>>();
  const batches: Tap[][] = [];
  return {
    batches,
    async recordTaps(taps) {
      batches.push([...taps]);
      journal.push(`write ${taps.length}`);
      const counts = new Map<number, Map<string, number>>();
      for (const { eventId, sessionId, device, interested } of taps) {
        const key = `${eventId}/${sessionId}`;
        const set = devices.get(key) ?? new Set<string>();
        if (interested) set.add(device);
        else set.delete(device);
        devices.set(key, set);
        const inEvent = counts.get(eventId) ?? new Map<string, number>();
        inEvent.set(sessionId, set.size);
        counts.set(eventId, inEvent);
      }
      return counts;
    },
    version: async (eventId) => eventId * 10,
  };
}

describe('TapQueue', async () => {
  it('writes the taps of a few milliseconds in one batch, and acks each only after the write, with its own count', async () => {
    const journal: string[] = [];
    const writer = countingWriter(journal);
    const announced: Array<[number, Record<string, number>]> = [];
    const queue = new TapQueue(
      writer,
      (eventId, counts) => void announced.push([eventId, Object.fromEntries(counts)]),
      () => journal.push('failed'),
    );
    const acks: Array<Ack<{ taps: Record<string, number> }>> = [];
    const ack = (name: string) => (response: Ack<{ taps: Record<string, number> }>) => {
      journal.push(`ack ${name}`);
      acks.push(response);
    };
    queue.add(tap('s1', 'phone-a'), ack('a'));
    queue.add(tap('s1', 'phone-b'), ack('b'));
    queue.add(tap('s2', 'phone-a'), ack('c'));
    queue.add(tap('s9', 'phone-a', true, 2), ack('d'));
    // Nothing is written or acked while the batch waits for more.
    await vi.advanceTimersByTimeAsync(BATCH_WAIT_MS - 1);
    expect(journal).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(writer.batches).toHaveLength(1);
    expect(journal).toEqual(['write 4', 'ack a', 'ack b', 'ack c', 'ack d']);
    expect(acks).toEqual([
      // s1 counts 2 after the batch: both of its taps are told the count after it.
      { ok: true, version: 10, data: { taps: { s1: 2 } } },
      { ok: true, version: 10, data: { taps: { s1: 2 } } },
      { ok: true, version: 10, data: { taps: { s2: 1 } } },
      { ok: true, version: 20, data: { taps: { s9: 1 } } },
    ]);
    expect(announced).toEqual([
      [1, { s1: 2, s2: 1 }],
      [2, { s9: 1 }],
    ]);

    // A tap after the batch waits for the next one: one write each.
    queue.add(tap('s1', 'phone-a', false), ack('e'));
    await vi.advanceTimersByTimeAsync(BATCH_WAIT_MS);
    expect(writer.batches.map((batch) => batch.length)).toEqual([4, 1]);
    expect(acks.at(-1)).toEqual({ ok: true, version: 10, data: { taps: { s1: 1 } } });
    // Nothing waiting: no empty write.
    await queue.flush();
    await vi.advanceTimersByTimeAsync(1000);
    expect(writer.batches).toHaveLength(2);
  });

  it('answers every tap of a batch whose write failed with internal, says so once, and announces nothing', async () => {
    const failure = new Error('disk full');
    const failed: unknown[] = [];
    const announce = vi.fn();
    const writer: TapWriter = {
      recordTaps: vi.fn(async () => {
        throw failure;
      }),
      version: async () => 3,
    };
    const queue = new TapQueue(writer, announce, (error) => failed.push(error));
    const acks: unknown[] = [];
    queue.add(tap('s1', 'phone-a'), (response) => acks.push(response));
    queue.add(tap('s2', 'phone-b'), (response) => acks.push(response));
    await vi.advanceTimersByTimeAsync(BATCH_WAIT_MS);
    expect(writer.recordTaps).toHaveBeenCalledTimes(1);
    expect(failed).toEqual([failure]);
    const internal = { ok: false, error: { code: 'internal', reason: 'server_error', message: 'Something went wrong on the server. Please try again.' } };
    expect(acks).toEqual([internal, internal]);
    expect(announce).not.toHaveBeenCalled();
  });

  it('writes what still waits when closed, without waiting for the timer', async () => {
    const writer = countingWriter([]);
    const queue = new TapQueue(
      writer,
      () => {},
      () => {},
    );
    const acks: unknown[] = [];
    queue.add(tap('s1', 'phone-a'), (response) => acks.push(response));
    await queue.close();
    expect(acks).toEqual([{ ok: true, version: 10, data: { taps: { s1: 1 } } }]);
    await vi.advanceTimersByTimeAsync(BATCH_WAIT_MS);
    expect(writer.batches).toHaveLength(1);
  });
});

describe('TapAnnouncer', () => {
  /** Emissions with the (fake) time each went out at. */
  function recorded() {
    const start = Date.now();
    const emitted: Array<{ at: number; eventId: number; taps: Record<string, number> }> = [];
    const announcer = new TapAnnouncer((eventId, taps) => void emitted.push({ at: Date.now() - start, eventId, taps }));
    return { announcer, emitted };
  }

  it('tells the first change at once, then at most every 250 ms, the last count of every session that changed', () => {
    const { announcer, emitted } = recorded();
    announcer.changed(1, new Map([['s1', 1]]));
    vi.advanceTimersByTime(0);
    expect(emitted).toEqual([{ at: 0, eventId: 1, taps: { s1: 1 } }]);

    // A crowd taps for a second: a change every 10 ms.
    for (let i = 1; i <= 100; i++) {
      vi.advanceTimersByTime(10);
      announcer.changed(1, new Map([[i % 2 === 0 ? 's1' : 's2', i]]));
    }
    vi.advanceTimersByTime(ANNOUNCE_EVERY_MS);
    expect(emitted.map((e) => e.at)).toEqual([0, 250, 500, 750, 1000, 1250]);
    // Each tells the newest count of every session that changed since the one before.
    expect(emitted[1]!.taps).toEqual({ s1: 24, s2: 23 });
    expect(emitted[4]!.taps).toEqual({ s1: 98, s2: 99 });
    expect(emitted[5]!.taps).toEqual({ s1: 100 });

    // Quiet: nothing more goes out; a change long after is told at once again.
    vi.advanceTimersByTime(5000);
    expect(emitted).toHaveLength(6);
    announcer.changed(1, new Map([['s3', 7]]));
    vi.advanceTimersByTime(0);
    expect(emitted.at(-1)).toEqual({ at: 6250, eventId: 1, taps: { s3: 7 } });
  });

  it('holds back a change that comes soon after one was told until 250 ms have passed', () => {
    const { announcer, emitted } = recorded();
    announcer.changed(1, new Map([['s1', 1]]));
    vi.advanceTimersByTime(100);
    announcer.changed(1, new Map([['s1', 2]]));
    vi.advanceTimersByTime(ANNOUNCE_EVERY_MS - 100 - 1);
    expect(emitted).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(emitted).toEqual([
      { at: 0, eventId: 1, taps: { s1: 1 } },
      { at: 250, eventId: 1, taps: { s1: 2 } },
    ]);
  });

  it('counts the 250 ms per event: a busy camp does not hold back another', () => {
    const { announcer, emitted } = recorded();
    announcer.changed(1, new Map([['s1', 1]]));
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(50);
    announcer.changed(2, new Map([['x1', 4]]));
    announcer.changed(1, new Map([['s1', 2]]));
    vi.advanceTimersByTime(0);
    expect(emitted).toEqual([
      { at: 0, eventId: 1, taps: { s1: 1 } },
      { at: 50, eventId: 2, taps: { x1: 4 } },
    ]);
    vi.advanceTimersByTime(ANNOUNCE_EVERY_MS);
    expect(emitted.at(-1)).toEqual({ at: 250, eventId: 1, taps: { s1: 2 } });
  });

  it('hands the counts waiting to a change that goes out first: told once, and the next waits its interval', () => {
    const { announcer, emitted } = recorded();
    announcer.changed(1, new Map([['s1', 1]]));
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(100);
    announcer.changed(1, new Map([['s1', 2]]));
    announcer.changed(1, new Map([['s2', 5]]));
    vi.advanceTimersByTime(100);
    expect(announcer.take(1)).toEqual({ s1: 2, s2: 5 });
    expect(announcer.take(1)).toBeUndefined();
    expect(announcer.take(2)).toBeUndefined();
    // Taken counts as told: a change right after waits 250 ms from the take, and brings only itself.
    announcer.changed(1, new Map([['s1', 3]]));
    vi.advanceTimersByTime(ANNOUNCE_EVERY_MS - 1);
    expect(emitted).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(emitted.at(-1)).toEqual({ at: 200 + ANNOUNCE_EVERY_MS, eventId: 1, taps: { s1: 3 } });
    // Nothing is left to tell on its own.
    vi.advanceTimersByTime(1000);
    expect(emitted).toHaveLength(2);
  });

  it('waits as long as the event asks: a crowd of screens hears its counts less often', () => {
    const emitted: number[] = [];
    const start = Date.now();
    const announcer = new TapAnnouncer(
      () => void emitted.push(Date.now() - start),
      (eventId) => (eventId === 1 ? announceEveryMs(2000) : ANNOUNCE_EVERY_MS),
    );
    announcer.changed(1, new Map([['s1', 1]]));
    vi.advanceTimersByTime(0);
    announcer.changed(1, new Map([['s1', 2]]));
    vi.advanceTimersByTime(1000);
    expect(emitted).toEqual([0, 500]);
  });

  it('tells a crowd its counts a quarter of a millisecond per screen apart, from 250 ms up to 750 ms', () => {
    expect([0, 1000, 1001, 2000, 3000, 3001, 100_000].map((screens) => announceEveryMs(screens))).toEqual([250, 250, 250.25, 500, 750, 750, 750]);
  });

  it('never tells counts more often than the limits allow, however few the screens', () => {
    expect([0, 2000, 100_000].map((screens) => announceEveryMs(screens, 60_000))).toEqual([60_000, 60_000, 60_000]);
  });

  it('tells nothing more once closed', () => {
    const { announcer, emitted } = recorded();
    announcer.changed(1, new Map([['s1', 1]]));
    vi.advanceTimersByTime(0);
    announcer.changed(1, new Map([['s1', 2]]));
    announcer.close();
    vi.advanceTimersByTime(10 * ANNOUNCE_EVERY_MS);
    expect(emitted).toHaveLength(1);
  });
});
