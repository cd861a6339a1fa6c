// The one rate limiter: token buckets, for the socket's commands and questions (server/realtime/
// budgets.ts), for creating events and for the HTTP routes that opt in (`requestsPerAddress`).
// The limits are generous on purpose: a whole venue shares one NAT address on the wifi.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './http-error.ts';
import type { HeldNetwork } from '../shared/protocol.ts';
import type { SendQueueLimits } from './send-queues.ts';
import { MAX_SOCKET_BOARD_BYTES } from './writer.ts';
import { ANNOUNCE_EVERY_MS } from './taps.ts';

export interface BucketLimit {
  /** How many at once. */
  burst: number;
  /** How many come back per second. */
  perSecond: number;
}

export interface CommandLimits {
  /** New sessions from one device (a phone; see `newDevicesPerAddress`). */
  submitPerDevice: BucketLimit;
  /** New sessions from one network address (a venue behind NAT); the facilitator sees and lifts a hold. */
  submitPerAddress: BucketLimit;
  /** Any command from one device. */
  commandsPerDevice: BucketLimit;
  /** "Interested" taps from one device (its own id, also behind a venue's NAT): a phone scrolling the plan taps a few, not hundreds. */
  tapsPerDevice: BucketLimit;
  /**
   * "Interested" taps from one network address, all its devices together: a whole venue behind
   * one NAT taps within seconds of a pitch, and someone making up device ids gets no further.
   */
  tapsPerAddress: BucketLimit;
  /** Whole boards (board:sync) for one device: a phone asks after a missed change, not in a loop. */
  syncsPerDevice: BucketLimit;
  /**
   * Device ids seen for the first time, per address. A device id is the phone's own word, kept
   * across reconnects; past this budget new ones share one device's limits for that address, so
   * that making up ids buys nothing.
   */
  newDevicesPerAddress: BucketLimit;
  /** Commands on the facilitator's screens of one event: a flood stays inside its own event. */
  facilitatorCommandsPerEvent: BucketLimit;
  /** Commands from one facilitator screen, within its event's: one screen's flood leaves the others room. */
  facilitatorCommandsPerScreen: BucketLimit;
  /**
   * Commands and questions from one network address, all its devices together (taps aside):
   * device ids are the phones' own word, so someone making up ids gets no more than a venue's
   * phones behind one NAT need together.
   */
  commandsPerAddress: BucketLimit;
  /** Open connections from one network address at once: a whole venue shares one behind NAT. */
  connectionsPerAddress: number;
  /**
   * Names of events that do not exist (a handshake, a page answering 404) and wrong facilitator
   * keys, per address, in one budget: nobody learns by guessing which events exist.
   */
  failedLookupsPerAddress: BucketLimit;
  /**
   * Bytes that may wait unsent: per connection (beyond one snapshot, which is at most 64 KB) and
   * for all connections of one address together. Past either the connection is not reading and
   * is let go, with its memory; a phone that was only slow reconnects and catches up.
   */
  unsent: SendQueueLimits;
  /** Events created (or imported) over HTTP from one address, and by everyone together. */
  eventsCreatedPerAddress: BucketLimit;
  eventsCreatedInTotal: BucketLimit;
  /** A network hold with no refusal for this long is over (ms); the facilitator's banner goes. */
  holdOverAfterMs: number;
  /** An event's screens hear new "interested" counts at most this often (ms); more screens, less often (`announceEveryMs`). */
  tapCountsEveryMs: number;
  /**
   * HTTP requests per address to a route that opts in: creating, importing or exporting an event
   * (`events`), reading a board or a plan file (`reads`; 150 phones behind one NAT load it), and
   * telling a phone's own feed its stars (`stars`: each phone on loading the page and after its
   * stars change, a second after the last).
   */
  requestsPerAddress: { events: BucketLimit; reads: BucketLimit; stars: BucketLimit };
}

export const DEFAULT_LIMITS: CommandLimits = {
  submitPerDevice: { burst: 5, perSecond: 1 / 20 },
  submitPerAddress: { burst: 60, perSecond: 1 / 2 },
  commandsPerDevice: { burst: 40, perSecond: 5 },
  syncsPerDevice: { burst: 4, perSecond: 1 / 5 },
  tapsPerDevice: { burst: 20, perSecond: 1 },
  tapsPerAddress: { burst: 3000, perSecond: 50 },
  newDevicesPerAddress: { burst: 500, perSecond: 1 / 2 },
  // Far above a person dragging cards or holding Ctrl+Z down (about 30 a second).
  facilitatorCommandsPerEvent: { burst: 1000, perSecond: 150 },
  facilitatorCommandsPerScreen: { burst: 300, perSecond: 50 },
  // A venue's 300 phones behind one NAT: a few questions each at once when the plan changes
  // (taps have their own budget), a few a minute otherwise.
  commandsPerAddress: { burst: 1200, perSecond: 200 },
  // A big conference's phones and laptops behind the venue's one NAT address (bench:storm brings
  // 2,000 back at once), yet a bound on what one attacker's address can hold open.
  connectionsPerAddress: 2500,
  failedLookupsPerAddress: { burst: 30, perSecond: 1 / 2 },
  unsent: { perConnection: 262_144 + MAX_SOCKET_BOARD_BYTES, perAddress: 32 * 1024 * 1024 },
  eventsCreatedPerAddress: { burst: 20, perSecond: 20 / 3600 },
  eventsCreatedInTotal: { burst: 60, perSecond: 60 / 3600 },
  holdOverAfterMs: 10 * 60 * 1000,
  tapCountsEveryMs: ANNOUNCE_EVERY_MS,
  requestsPerAddress: { events: { burst: 20, perSecond: 20 / 60 }, reads: { burst: 600, perSecond: 10 }, stars: { burst: 300, perSecond: 5 } },
};

/**
 * A route's limit per address (Fastify's `onRequest`): past it, 429 with a JSON error and a
 * Retry-After of the seconds until the next request is allowed.
 */
export function requestsPerAddress(limit: BucketLimit): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const buckets = new TokenBuckets(limit);
  return async (request, reply) => {
    if (buckets.take(request.ip)) return;
    await sendError(
      reply.header('retry-after', String(Math.ceil(1 / limit.perSecond))),
      429,
      'rate_limited',
      'too_many_requests',
      'Too many requests. Please wait a minute.',
    );
  };
}

/**
 * A budget asked by key, kept in this process or beside the other processes' (server/adapter.ts):
 * for the limits that must hold however many processes there are (failed lookups, events made).
 * The budgets of each message stay in memory (SocketBudgets): a socket lives on one process.
 */
export interface Budget {
  /** Whether `key` has some left, without spending. */
  has(key: string): Promise<boolean>;
  /** Spends one for `key`; false when none was left. */
  take(key: string): Promise<boolean>;
}

/** Makes the budget named `name` with `limit`: in memory for one process, shared when scaled out. */
export type BudgetMaker = (name: string, limit: BucketLimit) => Budget;

/** One process: token buckets in memory. */
export const budgetInMemory: BudgetMaker = (_name, limit) => {
  const buckets = new TokenBuckets(limit);
  return { has: async (key) => buckets.has(key), take: async (key) => buckets.take(key) };
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

  /** How many keys hold a bucket: what the buckets cost in memory. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Drops buckets that have filled up again: they hold nothing a fresh bucket would not. */
  #prune(now: number): void {
    for (const key of this.#buckets.keys()) {
      if (this.#tokensAt(key, now) >= this.#limit.burst) this.#buckets.delete(key);
    }
  }
}

/**
 * The key a device's limits are counted under. A phone sends its own device id (kept in its
 * storage) with each handshake, so its limits survive reconnecting. Ids are the phone's word:
 * each address may bring only so many new ones; past that, and without an id, connections from
 * that address share one key, so that making up ids buys no more than one device has.
 */
export class KnownDevices {
  readonly #newcomers: TokenBuckets;
  readonly #max: number;
  /** Keys seen, oldest first (a Map keeps insertion order). */
  readonly #seen = new Map<string, true>();

  constructor(newPerAddress: BucketLimit, max = 100_000, clock: () => number = Date.now) {
    this.#newcomers = new TokenBuckets(newPerAddress, clock);
    this.#max = max;
  }

  keyFor(address: string, device: string | undefined): string {
    const shared = `${address}|*`;
    if (device === undefined) return shared;
    const key = `${address}|${device}`;
    if (this.#seen.delete(key)) {
      this.#seen.set(key, true);
      return key;
    }
    if (!this.#newcomers.take(address)) return shared;
    this.#seen.set(key, true);
    if (this.#seen.size > this.#max) this.#seen.delete(this.#seen.keys().next().value!);
    return key;
  }
}

/**
 * Networks whose new sessions an event's per-address limit refuses: what its facilitator sees
 * and may lift (one device cannot drain that limit, many made-up ones might). A network is named
 * by a hash of its address: the facilitator needs to tell networks apart, not know them.
 */
export class HeldNetworks {
  readonly #clock: () => number;
  readonly #overAfterMs: number;
  readonly #byEvent = new Map<number, Map<string, { address: string; refused: number; since: number; last: number }>>();

  constructor(overAfterMs: number, clock: () => number = Date.now) {
    this.#overAfterMs = overAfterMs;
    this.#clock = clock;
  }

  /** Notes a refusal; true when it starts a hold (the facilitator hears of that at once). */
  note(eventId: number, address: string): boolean {
    const now = this.#clock();
    const holds = this.#byEvent.get(eventId) ?? new Map();
    this.#byEvent.set(eventId, holds);
    const network = networkName(address);
    const hold = holds.get(network);
    if (hold && now - hold.last < this.#overAfterMs) {
      hold.refused++;
      hold.last = now;
      return false;
    }
    holds.set(network, { address, refused: 1, since: now, last: now });
    return true;
  }

  list(eventId: number): HeldNetwork[] {
    this.#forgetQuiet(eventId);
    return [...(this.#byEvent.get(eventId) ?? [])].map(([network, { refused, since }]) => ({ network, refused, since }));
  }

  /** Forgets the holds that were quiet too long; the events whose list of holds changed. */
  forgetQuiet(): number[] {
    return [...this.#byEvent.keys()].filter((eventId) => this.#forgetQuiet(eventId));
  }

  #forgetQuiet(eventId: number): boolean {
    const holds = this.#byEvent.get(eventId);
    if (!holds) return false;
    const now = this.#clock();
    const before = holds.size;
    for (const [network, hold] of holds) if (now - hold.last >= this.#overAfterMs) holds.delete(network);
    if (holds.size === 0) this.#byEvent.delete(eventId);
    return holds.size !== before;
  }

  /** Ends a hold; the address, so that its limit can be filled again, or undefined if there was none. */
  lift(eventId: number, network: string): string | undefined {
    const holds = this.#byEvent.get(eventId);
    const address = holds?.get(network)?.address;
    holds?.delete(network);
    return address;
  }
}

/** A network named without telling its address (for the facilitator's list and the log). */
export function networkName(address: string): string {
  return createHash('sha256').update(address).digest('hex').slice(0, 12);
}
