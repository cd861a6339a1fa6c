// Token buckets for the socket commands of people without the facilitator key. The limits are
// generous on purpose: a whole venue shares one NAT address on the wifi.

export interface BucketLimit {
  /** How many at once. */
  burst: number;
  /** How many come back per second. */
  perSecond: number;
}

export interface CommandLimits {
  /** New sessions from one connection (a phone). */
  submitPerConnection: BucketLimit;
  /** New sessions from one network address (a venue behind NAT). */
  submitPerAddress: BucketLimit;
  /** Any command from one connection. */
  commandsPerConnection: BucketLimit;
  /** Whole boards (board:sync) for one connection: a phone asks after a missed change, not in a loop. */
  syncsPerConnection: BucketLimit;
  /** Open connections from one network address at once: a whole venue shares one behind NAT. */
  connectionsPerAddress: number;
  /** Handshakes naming an event that does not exist, per address: nobody guesses addresses of events. */
  unknownEventsPerAddress: BucketLimit;
}

export const DEFAULT_LIMITS: CommandLimits = {
  submitPerConnection: { burst: 5, perSecond: 1 / 20 },
  submitPerAddress: { burst: 60, perSecond: 1 / 2 },
  commandsPerConnection: { burst: 40, perSecond: 5 },
  syncsPerConnection: { burst: 4, perSecond: 1 / 5 },
  connectionsPerAddress: 1000,
  unknownEventsPerAddress: { burst: 30, perSecond: 1 / 2 },
};

export class TokenBuckets {
  readonly #limit: BucketLimit;
  readonly #clock: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(limit: BucketLimit, clock: () => number = Date.now) {
    this.#limit = limit;
    this.#clock = clock;
  }

  /** Takes one token for `key`; false when there is none left. */
  take(key: string): boolean {
    const now = this.#clock();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#limit.burst, at: now };
    const tokens = Math.min(this.#limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#limit.perSecond);
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now });
      return false;
    }
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.#buckets.size > 10_000) this.#prune(now);
    return true;
  }

  /** Whether `key` has a token left, without taking it. */
  has(key: string): boolean {
    const bucket = this.#buckets.get(key);
    return !bucket || Math.min(this.#limit.burst, bucket.tokens + ((this.#clock() - bucket.at) / 1000) * this.#limit.perSecond) >= 1;
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }

  /** Drops buckets that have filled up again: they hold nothing a fresh bucket would not. */
  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.#limit.perSecond >= this.#limit.burst) this.#buckets.delete(key);
    }
  }
}
