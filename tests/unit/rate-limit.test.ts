// The limits for phones, as people meet them: the buckets fill back up at their rate, never
// beyond their size, and the default sizes are the ones README promises.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, TokenBuckets, type BucketLimit } from '../../server/rate-limit.ts';

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

  it('start afresh for a key that is forgotten (a phone that disconnected)', () => {
    const b = buckets({ burst: 2, perSecond: 0 });
    expect(b.drain()).toBe(2);
    b.bucket.forget('phone');
    expect(b.drain()).toBe(2);
  });
});

describe('the default limits', () => {
  it('let a giver submit 5 sessions at once and one more every 20 seconds', () => {
    const b = buckets(DEFAULT_LIMITS.submitPerConnection);
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

  it('let a phone send 40 commands at once and 5 a second after that', () => {
    const b = buckets(DEFAULT_LIMITS.commandsPerConnection);
    expect(b.drain()).toBe(40);
    b.wait(1_000);
    expect(b.drain()).toBe(5);
  });
});
