// The limits for phones, as people meet them: the buckets fill back up at their rate, never
// beyond their size, and the default sizes are the ones README promises.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, HeldNetworks, KnownDevices, TokenBuckets, type BucketLimit } from '../../server/rate-limit.ts';

function buckets(limit: BucketLimit) {
  let now = 1_000_000;
  const bucket = new TokenBuckets(limit, () => now);
  return {
    /** How many takes in a row succeed right now. */
    drain: (key = 'phone') => {
      let taken = 0;
      while (bucket.take(key) && taken < 100_000) taken++;
      return taken;
    },
    wait: (ms: number) => (now += ms),
    bucket,
  };
}

describe('token buckets', () => {
  it('give a burst, then refill at their rate', () => {
    const b = buckets({ burst: 3, perSecond: 2 });
    expect(b.drain()).toBe(3);
    b.wait(499);
    expect(b.drain()).toBe(0);
    b.wait(1);
    expect(b.drain()).toBe(1);
    b.wait(1000);
    expect(b.drain()).toBe(2);
  });

  it('never hold more than the burst, however long they rest', () => {
    const b = buckets({ burst: 3, perSecond: 2 });
    b.drain();
    b.wait(3_600_000);
    expect(b.drain()).toBe(3);
    // A key nobody used yet starts full too, and each key has its own bucket.
    expect(b.drain('other phone')).toBe(3);
  });

  it('start afresh for a key that is forgotten (a network whose hold the facilitator lifted)', () => {
    const b = buckets({ burst: 2, perSecond: 0 });
    expect(b.drain()).toBe(2);
    b.bucket.forget('phone');
    expect(b.drain()).toBe(2);
  });

  it('keep a drained bucket when many keys are tidied away, and only the full ones go', () => {
    const b = buckets({ burst: 2, perSecond: 1 });
    expect(b.drain('flooder')).toBe(2);
    b.wait(1_000);
    expect(b.bucket.has('flooder')).toBe(true);
    // Past 10,000 keys the full buckets are dropped: a phone half way back keeps its count.
    for (let i = 0; i < 10_001; i++) b.bucket.take(`phone ${i}`);
    expect(b.drain('flooder')).toBe(1);
    expect(b.bucket.has('flooder')).toBe(false);
  });
});

describe('token buckets in memory', () => {
  it('are tidied once more than 10,000 keys hold one: the full ones go, the others stay', () => {
    const b = buckets({ burst: 2, perSecond: 1 });
    for (let i = 0; i < 9_999; i++) b.bucket.take(`phone ${i}`);
    b.wait(1_000);
    // All 9,999 are full again; 10,000 keys are not yet too many.
    b.bucket.take('phone 10000');
    expect(b.bucket.size).toBe(10_000);
    b.bucket.take('phone 10001');
    expect(b.bucket.size).toBe(2);
  });
});

describe('the default limits', () => {
  it('let a giver submit 5 sessions at once and one more every 20 seconds', () => {
    const b = buckets(DEFAULT_LIMITS.submitPerDevice);
    expect(b.drain()).toBe(5);
    b.wait(19_999);
    expect(b.drain()).toBe(0);
    b.wait(1);
    expect(b.drain()).toBe(1);
  });

  it('let a venue behind one address submit 60 at once and one more every 2 seconds', () => {
    const b = buckets(DEFAULT_LIMITS.submitPerAddress);
    expect(b.drain()).toBe(60);
    b.wait(2_000);
    expect(b.drain()).toBe(1);
  });

  it('let one facilitator screen send 300 commands at once and 50 a second after that, and its event 1,000 and 150', () => {
    const screen = buckets(DEFAULT_LIMITS.facilitatorCommandsPerScreen);
    expect(screen.drain()).toBe(300);
    screen.wait(1_000);
    expect(screen.drain()).toBe(50);
    const event = buckets(DEFAULT_LIMITS.facilitatorCommandsPerEvent);
    expect(event.drain()).toBe(1000);
    event.wait(1_000);
    expect(event.drain()).toBe(150);
  });

  it('let the phones of one network send 1,200 commands at once and 200 a second after that', () => {
    const b = buckets(DEFAULT_LIMITS.commandsPerAddress);
    expect(b.drain()).toBe(1200);
    b.wait(1_000);
    expect(b.drain()).toBe(200);
  });

  it('let a phone send 40 commands at once and 5 a second after that', () => {
    const b = buckets(DEFAULT_LIMITS.commandsPerDevice);
    expect(b.drain()).toBe(40);
    b.wait(1_000);
    expect(b.drain()).toBe(5);
  });
});

describe('known devices', () => {
  it('keep a device its own key; new ids past the address budget, and no id, share one', () => {
    const devices = new KnownDevices({ burst: 2, perSecond: 0 }, 3);
    expect(devices.keyFor('1.1.1.1', 'aaaaaaaaaaaaaaaa')).toBe('1.1.1.1|aaaaaaaaaaaaaaaa');
    expect(devices.keyFor('1.1.1.1', 'bbbbbbbbbbbbbbbb')).toBe('1.1.1.1|bbbbbbbbbbbbbbbb');
    expect(devices.keyFor('1.1.1.1', 'cccccccccccccccc')).toBe('1.1.1.1|*');
    expect(devices.keyFor('1.1.1.1', undefined)).toBe('1.1.1.1|*');
    // Known ones stay known; another address has a budget of its own.
    expect(devices.keyFor('1.1.1.1', 'aaaaaaaaaaaaaaaa')).toBe('1.1.1.1|aaaaaaaaaaaaaaaa');
    expect(devices.keyFor('2.2.2.2', 'dddddddddddddddd')).toBe('2.2.2.2|dddddddddddddddd');
    // At most 3 remembered: the one not seen for longest (b) is forgotten, a is kept.
    expect(devices.keyFor('2.2.2.2', 'eeeeeeeeeeeeeeee')).toBe('2.2.2.2|eeeeeeeeeeeeeeee');
    expect(devices.keyFor('1.1.1.1', 'aaaaaaaaaaaaaaaa')).toBe('1.1.1.1|aaaaaaaaaaaaaaaa');
    expect(devices.keyFor('1.1.1.1', 'bbbbbbbbbbbbbbbb')).toBe('1.1.1.1|*');
  });

  it('give a phone without an id the shared key at once, without spending a new id of its address', () => {
    const devices = new KnownDevices({ burst: 1, perSecond: 0 });
    expect(devices.keyFor('3.3.3.3', undefined)).toBe('3.3.3.3|*');
    expect(devices.keyFor('3.3.3.3', undefined)).toBe('3.3.3.3|*');
    expect(devices.keyFor('3.3.3.3', 'ffffffffffffffff')).toBe('3.3.3.3|ffffffffffffffff');
  });
});

describe('held networks', () => {
  it('say when a hold starts, count its refusals, name it without the address, and forget it after ten quiet minutes', () => {
    let now = 0;
    const held = new HeldNetworks(DEFAULT_LIMITS.holdOverAfterMs, () => now);
    const told = Array.from({ length: 20 }, () => held.note(7, '10.0.0.1'));
    expect(told.map((t, i) => (t ? i + 1 : 0)).filter(Boolean)).toEqual([1]);
    const [hold] = held.list(7);
    expect(hold).toEqual({ network: expect.stringMatching(/^[0-9a-f]{12}$/), refused: 20, since: 0 });
    expect(held.list(8)).toEqual([]);
    held.note(9, '10.0.0.2');
    now += 10 * 60 * 1000 - 1;
    expect(held.forgetQuiet()).toEqual([]);
    expect(held.list(7)).toHaveLength(1);
    now += 1;
    // Both holds are over: the sweep names both events, so that their facilitators hear it.
    expect(held.forgetQuiet().sort()).toEqual([7, 9]);
    expect(held.list(7)).toEqual([]);
    expect(held.forgetQuiet()).toEqual([]);
    held.note(7, '10.0.0.1');
    expect(held.lift(7, hold!.network)).toBe('10.0.0.1');
    expect(held.list(7)).toEqual([]);
    expect(held.lift(7, hold!.network)).toBeUndefined();
  });

  it('count a refusal just inside ten minutes of the last into its hold, and start a new hold at ten minutes', () => {
    let now = 0;
    const held = new HeldNetworks(1_000, () => now);
    expect(held.note(7, '10.0.0.1')).toBe(true);
    now += 999;
    expect(held.note(7, '10.0.0.1')).toBe(false);
    now += 999;
    // Each refusal moves the hold's end on: 1,998 ms after the first it is still the same hold.
    expect(held.note(7, '10.0.0.1')).toBe(false);
    expect(held.list(7)).toEqual([{ network: expect.any(String), refused: 3, since: 0 }]);
    now += 1_000;
    expect(held.note(7, '10.0.0.1')).toBe(true);
    expect(held.list(7)).toEqual([{ network: expect.any(String), refused: 1, since: 2_998 }]);
  });

  it('lift nothing for a network that is not held, while others of the event are', () => {
    const held = new HeldNetworks(1_000, () => 0);
    held.note(7, '10.0.0.1');
    expect(held.lift(7, 'not-a-network')).toBeUndefined();
    expect(held.lift(8, 'not-a-network')).toBeUndefined();
    expect(held.list(7)).toHaveLength(1);
  });
});
