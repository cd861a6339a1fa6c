// Token buckets for the socket commands of people without the facilitator key, and for creating
// events. The limits are generous on purpose: a whole venue shares one NAT address on the wifi.

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
  /** Handshakes naming an event that does not exist or a wrong facilitator key, per address: nobody guesses. */
  failedHandshakesPerAddress: BucketLimit;
  /**
   * Bytes beyond a whole board that may wait unsent for one connection. Past that it is not
   * reading and is let go, with its memory; a phone that was only slow reconnects and catches up.
   */
  unsentBytesBeyondBoard: number;
  /** Events created (or imported) over HTTP from one address, and by everyone together. */
  eventsCreatedPerAddress: BucketLimit;
  eventsCreatedInTotal: BucketLimit;
}

export const DEFAULT_LIMITS: CommandLimits = {
  submitPerConnection: { burst: 5, perSecond: 1 / 20 },
  submitPerAddress: { burst: 60, perSecond: 1 / 2 },
  commandsPerConnection: { burst: 40, perSecond: 5 },
  syncsPerConnection: { burst: 4, perSecond: 1 / 5 },
  connectionsPerAddress: 1000,
  failedHandshakesPerAddress: { burst: 30, perSecond: 1 / 2 },
  unsentBytesBeyondBoard: 1024 * 1024,
  eventsCreatedPerAddress: { burst: 20, perSecond: 20 / 3600 },
  eventsCreatedInTotal: { burst: 60, perSecond: 60 / 3600 },
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
    const tokens = this.#tokensAt(key, now);
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
    return this.#tokensAt(key, this.#clock()) >= 1;
  }

  /** The tokens `key` holds at `now`: what it kept, refilled since, never more than the burst. */
  #tokensAt(key: string, now: number): number {
    const bucket = this.#buckets.get(key);
    if (!bucket) return this.#limit.burst;
    return Math.min(this.#limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#limit.perSecond);
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }

  /** Drops buckets that have filled up again: they hold nothing a fresh bucket would not. */
  #prune(now: number): void {
    for (const key of this.#buckets.keys()) {
      if (this.#tokensAt(key, now) >= this.#limit.burst) this.#buckets.delete(key);
    }
  }
}
