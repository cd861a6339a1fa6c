// What each socket may send: every command and question counts against the budgets its entry's
// `rate` names (shared/commands.ts, shared/queries.ts). Facilitator screens have budgets of their
// own; phones share theirs with their device and their network (a whole venue behind one NAT).
import type { CommandRate } from '../../shared/commands/entry.ts';
import { commandError } from '../../shared/errors.ts';
import type { Ack } from '../../shared/protocol.ts';
import type { QueryRate } from '../../shared/queries.ts';
import { HeldNetworks, TokenBuckets, type CommandLimits } from '../rate-limit.ts';
import type { SocketData } from './handshake.ts';

/** The budget a message counts against: a command's or a query's `rate`, or a message nobody knows (which costs as much to answer). */
export type Rate = CommandRate | QueryRate | 'unknown';

/** A connection that has this much still to send does not get another whole board on top. */
const MAX_UNSENT_BYTES = 64 * 1024;

/** A phone that keeps sending past its budget is told so at most this often (see `heard`). */
const REFUSAL_ANSWERED_EVERY_MS = 1000;

const limited = (message: string): Ack => ({ ok: false, error: commandError('rate_limited', 'too_many_requests', message) });

export class SocketBudgets {
  readonly #submitsPerDevice: TokenBuckets;
  readonly #submitsPerAddress: TokenBuckets;
  readonly #commandsPerDevice: TokenBuckets;
  readonly #syncsPerDevice: TokenBuckets;
  readonly #tapsPerDevice: TokenBuckets;
  readonly #tapsPerAddress: TokenBuckets;
  readonly #commandsPerAddress: TokenBuckets;
  readonly #facilitatorPerEvent: TokenBuckets;
  readonly #facilitatorPerScreen: TokenBuckets;
  /** Networks whose new sessions are held back, per event: the facilitator sees them and may lift a hold. */
  readonly held: HeldNetworks;
  /** Tells an event's facilitators that a network is held now (`now`) or that its count grew. */
  readonly #heldChanged: (eventId: number, now: boolean) => void;

  constructor(limits: CommandLimits, heldChanged: (eventId: number, now: boolean) => void) {
    this.#submitsPerDevice = new TokenBuckets(limits.submitPerDevice);
    this.#submitsPerAddress = new TokenBuckets(limits.submitPerAddress);
    this.#commandsPerDevice = new TokenBuckets(limits.commandsPerDevice);
    this.#syncsPerDevice = new TokenBuckets(limits.syncsPerDevice);
    this.#tapsPerDevice = new TokenBuckets(limits.tapsPerDevice);
    this.#tapsPerAddress = new TokenBuckets(limits.tapsPerAddress);
    this.#commandsPerAddress = new TokenBuckets(limits.commandsPerAddress);
    this.#facilitatorPerEvent = new TokenBuckets(limits.facilitatorCommandsPerEvent);
    this.#facilitatorPerScreen = new TokenBuckets(limits.facilitatorCommandsPerScreen);
    this.held = new HeldNetworks(limits.holdOverAfterMs);
    this.#heldChanged = heldChanged;
  }

  /** A refusal when this socket has sent too much, taking from its budgets otherwise. */
  spend(socketId: string, data: SocketData, rate: Rate): Ack | undefined {
    const { device, address, eventId } = data;
    if (data.isFacilitator) {
      // The screen's own bucket first: a screen that floods empties its own, not its event's.
      if (!this.#facilitatorPerScreen.has(socketId)) return limited('Too many changes at once from this screen. Please wait a moment.');
      if (!this.#facilitatorPerEvent.take(String(eventId))) return limited('Too many changes at once on this board. Please wait a moment.');
      this.#facilitatorPerScreen.take(socketId);
      return undefined;
    }
    // Taps have budgets of their own: per phone, as every phone behind a venue's NAT counts, and per address.
    if (rate === 'tap') {
      if (!this.#tapsPerDevice.take(data.tapDevice ?? device)) return limited('Too many taps from this device. Please wait a few seconds.');
      if (!this.#tapsPerAddress.take(address)) return limited('Too many taps from this network right now. Please wait a few seconds.');
      return undefined;
    }
    if (!this.#commandsPerDevice.has(device)) return limited('Too many requests from this device. Please wait a few seconds.');
    if (!this.#commandsPerAddress.take(address)) return limited('Too many requests from this network right now. Please wait a few seconds.');
    this.#commandsPerDevice.take(device);
    if (rate === 'whole board' && data.unsent() > MAX_UNSENT_BYTES) return limited('The last board has not reached this device yet. Please wait.');
    if (rate === 'whole board' && !this.#syncsPerDevice.take(device)) return limited('The whole board was sent just now. Please wait a few seconds.');
    if (rate === 'submission') {
      if (!this.#submitsPerDevice.has(device)) return limited('Too many new sessions from this device. Please wait a minute.');
      if (!this.#submitsPerAddress.take(submitNetwork(eventId, address))) {
        this.#heldChanged(eventId, this.held.note(eventId, address));
        return limited('Too many new sessions from this network right now. Please wait a minute.');
      }
      this.#submitsPerDevice.take(device);
    }
    return undefined;
  }

  /**
   * Whether a refusal for sending too much is answered. A phone hears it at most once a second:
   * the app waits after one, but a script that keeps many asks in flight would have the server
   * spend itself on refusals (500 made-up devices: 22,000 a second, the facilitator's ack p99
   * 250 ms). Unanswered, such a script waits for its own timeouts. Facilitator screens hear each.
   */
  heard(data: SocketData, now = Date.now()): boolean {
    if (data.isFacilitator) return true;
    if (now - (data.refusalAnsweredAt ?? 0) < REFUSAL_ANSWERED_EVERY_MS) return false;
    data.refusalAnsweredAt = now;
    return true;
  }

  /** Lets a held-back network of an event submit again: its per-network budget starts full; each device keeps its own. */
  lift(eventId: number, network: string): void {
    const address = this.held.lift(eventId, network);
    if (address !== undefined) this.#submitsPerAddress.forget(submitNetwork(eventId, address));
  }

  /** A screen went: its own budget goes with it (a device's stay, for its next connection). */
  closed(socketId: string): void {
    this.#facilitatorPerScreen.forget(socketId);
  }
}

/** The key of an address's new-session budget: per event, as the same venue network may hold another camp on this server. */
const submitNetwork = (eventId: number, address: string) => `${eventId}|${address}`;
